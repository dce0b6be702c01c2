/**
 * Products: the SKUs everything else names. Add one (the second first-run step), edit one, or import a list from
 * a CSV file. The table is an ordinary Excel table too: a row typed there shows here after "Read again".
 */
import { Body1, Button, Caption1, Card, CardHeader, ProgressBar, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, ArrowSyncRegular, BarcodeScannerRegular, EditRegular, TableAddRegular } from '@fluentui/react-icons';
import { useCallback, useState } from 'react';
import { productToInput } from '../../app/products';
import type { Product } from '../../domain/types';
import { Notice, type NoticeMessage } from '../components/Notice';
import { ProblemsView } from '../components/ProblemsView';
import { ProductCsvImport } from '../components/ProductCsvImport';
import { EMPTY_PRODUCT, ProductForm } from '../components/ProductForm';
import { FIRST_RUN, READING_WORDS } from '../messages';
import { useWorkbookRead } from '../components/useWorkbookRead';
import { useNavigate } from '../navigation';
import { useCommands } from '../services';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start', justifyContent: 'space-between', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, paddingBottom: tokens.spacingVerticalXS },
  itemText: { display: 'flex', flexDirection: 'column', minWidth: 0, overflowWrap: 'anywhere' },
  sku: { fontWeight: tokens.fontWeightSemibold },
});

type Editing = { readonly mode: 'add' } | { readonly mode: 'edit'; readonly product: Product } | null;

export function ProductsPane() {
  const styles = useStyles();
  const commands = useCommands();
  const navigate = useNavigate();
  const { value: products, setValue: setProducts, failure: loadError, reading, reload: load } = useWorkbookRead(useCallback(() => commands.readProducts(), [commands]));
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<(NoticeMessage & { readonly sku?: string }) | null>(null);


  const rows = products?.rows ?? [];

  const saved = (product: Product, written: boolean, added: boolean) => {
    setEditing(null);
    setNotice(
      added
        ? { intent: 'success', title: written ? 'Product added' : 'Already in Products', text: `${product.sku}: ${product.description} is in Products.`, sku: product.sku }
        : { intent: 'success', title: written ? 'Product saved' : 'Nothing to change', text: written ? `${product.sku} is saved in Products.` : `${product.sku} was already as shown.` },
    );
    // The list shows the product at once; the read that follows picks up anything else that changed.
    setProducts((prev) => (prev ? { ...prev, rows: added && !prev.rows.some((p) => p.sku === product.sku) ? [...prev.rows, product] : prev.rows.map((p) => (p.sku === product.sku ? product : p))} : prev));
    void load();
  };

  return (
    <div className={styles.stack}>
      <Card>
        <CardHeader header={<Subtitle2 as="h2">Products</Subtitle2>} description={<Caption1>Every lot is a lot of one product (SKU). Add a GTIN to find it by scanning.</Caption1>} />
        {reading && !products && !loadError && (
          <div role="status" aria-label="Reading">
            <ProgressBar aria-label={READING_WORDS.products} />
            <Caption1>{READING_WORDS.products}</Caption1>
          </div>
        )}
        {loadError &&
          (loadError.notSetUp ? (
            <Notice intent="warning" title={FIRST_RUN.notSetUp}>
              <Button size="small" icon={<TableAddRegular />} onClick={() => navigate('workbook')}>
                {FIRST_RUN.goSetUp}
              </Button>
            </Notice>
          ) : (
            <Notice intent="error" title="Cannot read the workbook">
              {loadError.text}
            </Notice>
          ))}
        {products && rows.length === 0 && editing === null && <Body1>No products yet.</Body1>}
        {notice && (
          <Notice intent={notice.intent} title={notice.title} live>
            {notice.text}{' '}
            {notice.sku && (
              <Button size="small" appearance="primary" icon={<BarcodeScannerRegular />} onClick={() => navigate('receive')}>
                Receive a lot
              </Button>
            )}
          </Notice>
        )}
        {products && editing?.mode !== 'add' && (
          <div className={styles.actions}>
            <Button
              appearance={rows.length === 0 ? 'primary' : 'secondary'}
              icon={<AddRegular />}
              onClick={() => {
                setNotice(null);
                setEditing({ mode: 'add' });
              }}
            >
              Add product
            </Button>
            <Button icon={<ArrowSyncRegular />} onClick={() => void load()} disabled={reading}>
              Read again
            </Button>
          </div>
        )}
        {editing?.mode === 'add' && <ProductForm label="New product" initial={EMPTY_PRODUCT} mode={{ mode: 'add' }} onSaved={(p, w) => saved(p, w, true)} onCancel={() => setEditing(null)} />}
      </Card>

      {/* Rows a person typed in Excel that Lotbook cannot read: which cell, and why, with a link to it. */}
      {products && products.problems.length > 0 && <ProblemsView problems={products.problems} onSelect={(address) => commands.select(address)} />}

      {rows.length > 0 && (
        <Card>
          <CardHeader header={<Subtitle2 as="h2">{rows.length === 1 ? '1 product' : `${rows.length} products`}</Subtitle2>} />
          <ul className={styles.list} aria-label="Product list">
            {rows.map((p) =>
              editing?.mode === 'edit' && editing.product.sku === p.sku ? (
                <li key={p.sku}>
                  <ProductForm label={`Edit ${p.sku}`} initial={productToInput(p)} mode={{ mode: 'edit', sku: p.sku }} onSaved={(x, w) => saved(x, w, false)} onCancel={() => setEditing(null)} />
                </li>
              ) : (
                <li key={p.sku} className={styles.item}>
                  <div className={styles.itemText}>
                    <Body1 className={styles.sku}>{p.sku}</Body1>
                    <Body1>{p.description}</Body1>
                    <Caption1>
                      {[p.gtin ? `GTIN ${p.gtin}` : 'no GTIN', p.unit, p.kind, p.shelfLifeDays !== null ? `shelf life ${p.shelfLifeDays} d` : null].filter(Boolean).join(' · ')}
                    </Caption1>
                  </div>
                  <Button size="small" icon={<EditRegular />} aria-label={`Edit ${p.sku}`} onClick={() => setEditing({ mode: 'edit', product: p })}>
                    Edit
                  </Button>
                </li>
              ),
            )}
          </ul>
        </Card>
      )}

      {products && (
        <Card>
          <CardHeader header={<Subtitle2 as="h2">Import products</Subtitle2>} description={<Caption1>From a CSV file with a SKU and a description per row.</Caption1>} />
          <ProductCsvImport onImported={() => void load()} />
        </Card>
      )}
    </div>
  );
}
