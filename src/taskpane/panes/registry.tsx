import type { ComponentType, ReactElement } from 'react';
import { TableSettingsRegular } from '@fluentui/react-icons';
import { WorkbookPane } from './WorkbookPane';

export type PaneId = 'workbook';

export interface PaneEntry {
  readonly id: PaneId;
  readonly label: string;
  readonly icon: ReactElement;
  readonly component: ComponentType;
}

/** The panes in navigation order. A pane appears here only when it works end to end. */
export const PANES: readonly PaneEntry[] = [{ id: 'workbook', label: 'Workbook', icon: <TableSettingsRegular />, component: WorkbookPane }];
