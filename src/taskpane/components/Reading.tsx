/**
 * What a pane shows while it reads the workbook: words saying what is read and a moving bar, so that a slow
 * workbook never looks like an empty one ("No products", an empty list, grey buttons).
 */
import { ProgressBar, Spinner, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: `${tokens.spacingVerticalXS} 0` },
});

export function Reading({ label }: { readonly label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.root} role="status" aria-live="polite" aria-label={label}>
      <Spinner size="tiny" label={label} labelPosition="after" />
      {/* Indeterminate: one read has no steps to count, but the bar moves for as long as Excel takes. */}
      <ProgressBar thickness="medium" aria-label={label} />
    </div>
  );
}
