/**
 * The first-run path: set up, add a product, receive. Each step is offered when it is the next one, and the card
 * goes away once the workbook has a lot.
 */
import { Body1, Button, Caption1, Card, CardHeader, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, BarcodeScannerRegular, CheckmarkCircleFilled, CircleRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { FIRST_RUN } from '../messages';

const useStyles = makeStyles({
  steps: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  step: { display: 'grid', gridTemplateColumns: 'auto minmax(0, 1fr)', columnGap: tokens.spacingHorizontalS, alignItems: 'start' },
  done: { color: tokens.colorPaletteGreenForeground1 },
  todo: { color: tokens.colorNeutralForeground3 },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, alignItems: 'flex-start' },
});

export interface GettingStartedProps {
  readonly setUp: boolean;
  readonly hasProducts: boolean;
  readonly hasLots: boolean;
  readonly onAddProduct: () => void;
  readonly onReceive: () => void;
}

export function GettingStarted({ setUp, hasProducts, hasLots, onAddProduct, onReceive }: GettingStartedProps) {
  const styles = useStyles();
  if (setUp && hasProducts && hasLots) return null;
  const steps: Array<{ key: string; done: boolean; label: string; hint: string; action: ReactElement }> = [
    { key: 'setup', done: setUp, label: FIRST_RUN.setUp.label, hint: FIRST_RUN.setUp.hint, action: <Caption1>{FIRST_RUN.setUpAbove}</Caption1> },
    { key: 'product', done: setUp && hasProducts, label: FIRST_RUN.product.label, hint: FIRST_RUN.product.hint, action: <Button appearance="primary" icon={<AddRegular />} onClick={onAddProduct}>Add a product</Button> },
    { key: 'receive', done: setUp && hasProducts && hasLots, label: FIRST_RUN.receive.label, hint: FIRST_RUN.receive.hint, action: <Button appearance="primary" icon={<BarcodeScannerRegular />} onClick={onReceive}>Receive a lot</Button> },
  ];
  const next = steps.find((s) => !s.done);
  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h2">{FIRST_RUN.title}</Subtitle2>} description={<Caption1>{FIRST_RUN.intro}</Caption1>} />
      <ol className={styles.steps} aria-label={FIRST_RUN.title}>
        {steps.map((s, i) => (
          <li key={s.key} className={styles.step} aria-current={s === next ? 'step' : undefined}>
            {s.done ? <CheckmarkCircleFilled className={styles.done} aria-label={FIRST_RUN.done} /> : <CircleRegular className={styles.todo} aria-hidden />}
            <div className={styles.body}>
              <Body1>
                {i + 1}. {s.label}
              </Body1>
              {s === next && (
                <>
                  <Caption1>{s.hint}</Caption1>
                  {s.action}
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
