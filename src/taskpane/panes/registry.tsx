import type { ComponentType, ReactElement } from 'react';
import { BoxMultipleRegular, BarcodeScannerRegular, ClipboardTaskListLtrRegular, BoxCheckmarkRegular, BeakerRegular, BranchForkRegular, MoneyCalculatorRegular, SettingsRegular, TableSettingsRegular, VehicleTruckProfileRegular } from '@fluentui/react-icons';
import { RecallPane } from './RecallPane';
import { ReceivePane } from './ReceivePane';
import { LotsPane } from './LotsPane';
import { WorkbookPane } from './WorkbookPane';
import { ProducePane } from './ProducePane';
import { CostsPane } from './CostsPane';
import { PickPane } from './PickPane';
import { CountPane } from './CountPane';
import { ProductsPane } from './ProductsPane';
import { SettingsPane } from './SettingsPane';

export type PaneId = 'workbook' | 'products' | 'receive' | 'lots' | 'recall' | 'produce' | 'costs' | 'pick' | 'count' | 'settings';

export interface PaneEntry {
  readonly id: PaneId;
  readonly label: string;
  readonly icon: ReactElement;
  readonly component: ComponentType;
}

/** The panes in the order work flows (receive, release, make, ship, count; recall and costs when asked). A pane
 * appears here only when it works end to end. */
export const PANES: readonly PaneEntry[] = [
  { id: 'workbook', label: 'Workbook', icon: <TableSettingsRegular />, component: WorkbookPane },
  { id: 'products', label: 'Products', icon: <BoxMultipleRegular />, component: ProductsPane },
  { id: 'receive', label: 'Receive', icon: <BarcodeScannerRegular />, component: ReceivePane },
  { id: 'lots', label: 'Lots', icon: <BoxCheckmarkRegular />, component: LotsPane },
  { id: 'produce', label: 'Produce', icon: <BeakerRegular />, component: ProducePane },
  { id: 'pick', label: 'Pick & ship', icon: <VehicleTruckProfileRegular />, component: PickPane },
  { id: 'count', label: 'Count', icon: <ClipboardTaskListLtrRegular />, component: CountPane },
  { id: 'recall', label: 'Recall', icon: <BranchForkRegular />, component: RecallPane },
  { id: 'costs', label: 'Lot costs', icon: <MoneyCalculatorRegular />, component: CostsPane },
  { id: 'settings', label: 'Settings', icon: <SettingsRegular />, component: SettingsPane },
];
