/**
 * GS1-128 lot labels: a preview in the pane and a print view for thermal label stock (4x6 in or 2x1 in).
 *
 * The element list, the texts and bwip-js's options come from domain/label.ts, the same module the decode test
 * prints with. Printing goes through a hidden iframe holding only the labels, with `@page { size }` set to the
 * stock, so the task pane itself is never printed and the printer driver gets one label per page.
 */
import { Button, Caption1, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { PrintRegular } from '@fluentui/react-icons';
import bwipjs from 'bwip-js/browser';
import { useMemo, useState } from 'react';
import { formatQty, QTY_SCALE } from '../../domain/fixed';
import { LABEL_STOCKS, labelBarcodeOptions, lotLabel, type LabelStock, type LabelStockId } from '../../domain/label';
import type { Lot, Product, Qty } from '../../domain/types';
import { labelErrorTitle } from '../messages';
import { Notice } from './Notice';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  pair: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: tokens.spacingHorizontalS },
  preview: {
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    backgroundColor: '#fff',
    padding: tokens.spacingHorizontalS,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalXS,
  },
  bars: { width: '100%', height: 'auto' },
  hri: { fontFamily: 'monospace', fontSize: tokens.fontSizeBase200, wordBreak: 'break-all', textAlign: 'center' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The print document: one label per page, sized to the stock. Text is escaped; the bars are an SVG image. */
function printDocument(stock: LabelStock, label: { hri: string; svg: string; lines: readonly string[] }, copies: number): string {
  const small = stock.id === '2x1';
  const image = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(label.svg)}`;
  const one = `<section class="label">
  ${stock.details ? label.lines.map((l, i) => `<div class="${i === 0 ? 'title' : 'line'}">${escapeHtml(l)}</div>`).join('') : ''}
  <img class="bars" src="${image}" alt="">
  <div class="hri">${escapeHtml(label.hri)}</div>
</section>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Lot labels</title><style>
@page { size: ${stock.widthIn}in ${stock.heightIn}in; margin: 0; }
html, body { margin: 0; padding: 0; }
body { font-family: Arial, Helvetica, sans-serif; color: #000; }
.label { box-sizing: border-box; width: ${stock.widthIn}in; height: ${stock.heightIn}in; padding: ${small ? '0.05in 0.08in' : '0.25in'};
  display: flex; flex-direction: column; justify-content: ${small ? 'center' : 'flex-start'}; overflow: hidden; page-break-after: always; break-after: page; }
.label:last-child { page-break-after: auto; break-after: auto; }
.title { font-size: 20pt; font-weight: bold; margin-bottom: 0.1in; }
.line { font-size: 13pt; margin-bottom: 0.06in; }
.bars { width: 100%; height: ${small ? '0.62in' : '1.6in'}; object-fit: fill; margin-top: ${small ? '0' : '0.3in'}; }
.hri { font-family: 'OCR-B', 'Courier New', monospace; font-size: ${small ? '5.5pt' : '10pt'}; text-align: center; word-break: break-all; margin-top: 0.03in; }
@media screen { .label { border: 1px dashed #999; margin: 8px; } }
</style></head><body>${Array.from({ length: copies }, () => one).join('\n')}</body></html>`;
}

function printHtml(html: string): void {
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.position = 'fixed';
  frame.style.width = '0';
  frame.style.height = '0';
  frame.style.border = '0';
  frame.srcdoc = html;
  frame.onload = () => {
    const win = frame.contentWindow;
    if (!win) return;
    win.addEventListener('afterprint', () => frame.remove());
    win.focus();
    win.print();
  };
  document.body.appendChild(frame);
}

/** Decimal text in the product's unit to Qty thousandths, or null when it is not a plain positive number. */
function parseQty(text: string): Qty | null {
  const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  return (Number(m[1]) * QTY_SCALE + Number((m[2] ?? '').padEnd(3, '0'))) as Qty;
}

/** `stock`: the label size the workbook's Settings name (`labelStock`); the person may choose another here. */
export function LotLabelPrint({ lot, product, onHand, stock: ruleStock = '4x6' }: { lot: Lot; product: Product | undefined; onHand: Qty; stock?: LabelStockId | undefined }) {
  const styles = useStyles();
  const decimals = product?.decimals ?? 3;
  const [stockId, setStockId] = useState<LabelStockId>(ruleStock);
  const [qtyText, setQtyText] = useState(() => (onHand > 0 ? formatQty(onHand, decimals) : ''));
  const [copiesText, setCopiesText] = useState('1');
  const stock = LABEL_STOCKS[stockId];
  const qty = parseQty(qtyText);
  const copies = Math.min(200, Math.max(1, Number.parseInt(copiesText, 10) || 1));

  const rendered = useMemo(() => {
    if (!product) return { ok: false as const, title: 'Unknown product', message: `${lot.sku} is not in Products, so its GTIN is unknown.` };
    if (qty === null) return { ok: false as const, title: labelErrorTitle('quantity-not-positive'), message: `Type the quantity one label stands for, in ${product.unit} (e.g. 24).` };
    const label = lotLabel({ sku: lot.sku, description: product.description, unit: product.unit, gtin: product.gtin, lot: lot.lot, expiry: lot.expiry, qty });
    if (!label.ok) return { ok: false as const, title: labelErrorTitle(label.code), message: label.message };
    try {
      const svg = bwipjs.toSVG(labelBarcodeOptions(label));
      const lines = [
        `${lot.sku} · Lot ${lot.lot}`,
        product.description,
        `Expiry ${lot.expiry ?? '—'} · ${formatQty(qty, product.decimals)} ${product.unit}`,
      ];
      return { ok: true as const, label, svg, lines };
    } catch (e) {
      // bwip-js checks the data again; a refusal here is a gap between its rules and the parser's.
      return { ok: false as const, title: labelErrorTitle('not-encodable'), message: e instanceof Error ? e.message : String(e) };
    }
  }, [lot, product, qty]);

  return (
    <div className={styles.stack} aria-label={`Label for ${lot.sku} ${lot.lot}`} role="group">
      <div className={styles.pair}>
        <Field label="Label stock">
          <Select value={stockId} onChange={(_, d) => setStockId(d.value as LabelStockId)}>
            {Object.values(LABEL_STOCKS).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Copies">
          <Input type="number" min={1} max={200} value={copiesText} onChange={(_, d) => setCopiesText(d.value)} />
        </Field>
      </div>
      <Field label="Quantity per label" hint={product ? `In ${product.unit}; (30) for whole counts, (310n) for kg.` : undefined}>
        <Input value={qtyText} inputMode="decimal" onChange={(_, d) => setQtyText(d.value)} contentAfter={product?.unit} />
      </Field>
      {rendered.ok ? (
        <>
          <div className={styles.preview} aria-label="Label preview">
            <img className={styles.bars} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(rendered.svg)}`} alt={`GS1-128 barcode ${rendered.label.hri}`} />
            <span className={styles.hri} data-testid="label-hri">
              {rendered.label.hri}
            </span>
          </div>
          {rendered.label.warnings.map((w) => (
            <Caption1 key={w}>{w}</Caption1>
          ))}
          <div className={styles.actions}>
            <Button icon={<PrintRegular />} appearance="primary" onClick={() => printHtml(printDocument(stock, { hri: rendered.label.hri, svg: rendered.svg, lines: rendered.lines }, copies))}>
              Print {copies} label{copies === 1 ? '' : 's'}
            </Button>
            <Caption1>{stock.name}</Caption1>
          </div>
        </>
      ) : (
        <Notice intent="warning" title={rendered.title}>
          {rendered.message}
        </Notice>
      )}
    </div>
  );
}
