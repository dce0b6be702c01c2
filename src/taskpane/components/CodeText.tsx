/**
 * Text that names lots, SKUs, ids or dates, laid out so that a line breaks between words, never inside a code:
 * a browser breaks after a hyphen, so "ASH-2409-B" would otherwise end one line with "ASH-2409-" at 320 px.
 * Codes are kept whole in nowrap spans; the text itself (what is copied) is unchanged.
 */
import { makeStyles } from '@fluentui/react-components';
import { Fragment } from 'react';

const useStyles = makeStyles({
  code: { whiteSpace: 'nowrap' },
});

/** Letters and digits joined by - / . or :, e.g. FG-ASH60 / 2611-ASH60-001, 2026-11-30, PL-20261130-AB12. */
const CODE = /[A-Za-z0-9]+(?:[-/.:][A-Za-z0-9]+)+/g;
/** Longer tokens (a URL) may break: kept whole they would run out of a 320 px pane. */
const LONGEST = 28;

export function CodeText({ text }: { readonly text: string }) {
  const styles = useStyles();
  const parts: (string | { code: string })[] = [];
  let at = 0;
  for (const m of text.matchAll(CODE)) {
    if (m[0].length > LONGEST || !/[-/]/.test(m[0])) continue;
    parts.push(text.slice(at, m.index), { code: m[0] });
    at = m.index! + m[0].length;
  }
  parts.push(text.slice(at));
  return (
    <>
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          <Fragment key={i}>{p}</Fragment>
        ) : (
          <span key={i} className={styles.code} data-lot-code>
            {p.code}
          </span>
        ),
      )}
    </>
  );
}
