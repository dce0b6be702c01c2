/**
 * What the panes need of the scanner adapter besides its port: the tone after a good scan, and the symbol that
 * stands for an invisible GS in a scan field. Panes take them from here, so that no pane imports src/scanner.
 */
export { beep } from '../../scanner/camera-scanner';
export { GS_SYMBOL } from '../../scanner/wedge';
