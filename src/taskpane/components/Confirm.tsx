/**
 * Asking before an action that cannot be undone (recall, reject, posting a count): what will change, in a
 * warning placed where the button was pressed, with the confirming button named after what it does and Cancel.
 * A button of the question takes the focus, so a keyboard user and a screen reader land on it: Cancel for what
 * cannot be undone (a key held down or pressed twice must not confirm it), the confirming button otherwise.
 */
import { Button, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';
import { CodeText } from './CodeText';

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalXS} 0 0 0`, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: '2px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', marginTop: tokens.spacingVerticalS },
  bar: { alignItems: 'flex-start' },
});

export interface ConfirmProps {
  readonly title: string;
  readonly lines?: readonly string[];
  readonly children?: ReactNode;
  readonly confirm: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly busy?: boolean;
  /** Danger for what cannot be undone; warning for what can. */
  readonly intent?: 'warning' | 'error';
  /** Disables the confirm button (nothing would change). */
  readonly nothing?: boolean;
}

export function Confirm({ title, lines, children, confirm, onConfirm, onCancel, busy = false, intent = 'warning', nothing = false }: ConfirmProps) {
  const styles = useStyles();
  const yes = useRef<HTMLButtonElement>(null);
  const no = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    (intent === 'error' ? no : yes).current?.focus();
    // Only when the question appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div role="alertdialog" aria-label={title} aria-modal={false}>
      <MessageBar intent={intent} layout="multiline" className={styles.bar}>
        <MessageBarBody>
          <MessageBarTitle>{title}</MessageBarTitle>
          {lines && lines.length > 0 && (
            <ul className={styles.list}>
              {lines.map((l) => (
                <li key={l}>
                  <CodeText text={l} />
                </li>
              ))}
            </ul>
          )}
          {children}
          <div className={styles.actions}>
            <Button ref={yes} appearance="primary" disabled={busy || nothing} onClick={onConfirm}>
              {confirm}
            </Button>
            <Button ref={no} disabled={busy} onClick={onCancel}>
              Cancel
            </Button>
          </div>
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}
