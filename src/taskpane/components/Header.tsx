import { Caption1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { BoxMultipleRegular } from '@fluentui/react-icons';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  titles: { display: 'flex', flexDirection: 'column' },
});

export function Header() {
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <BoxMultipleRegular fontSize={24} aria-hidden />
      <div className={styles.titles}>
        <Subtitle2 as="h1">Lotbook</Subtitle2>
        <Caption1>Lots, in your workbook</Caption1>
      </div>
    </header>
  );
}
