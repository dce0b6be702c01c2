/**
 * Camera permission in Excel on the web, for createCameraScanner's `requestPermission`.
 *
 * Excel on the web runs the add-in in a cross-origin iframe that gets the camera only after
 * `Office.devicePermission.requestPermissions` (DevicePermission 1.1): `true` means newly granted and the add-in
 * must reload before getUserMedia works, `false` means it was granted before, a rejection means the user said
 * no. Desktop Excel (WebView2) and Mac prompt by themselves, and the call fails there, so it is made only on the
 * web. The Office object is a parameter, never the global, so this stays testable outside Office.
 */
import type { CameraPermission } from './camera-scanner';

export interface OfficeForCameraPermission {
  readonly context: {
    readonly platform: Office.PlatformType;
    readonly requirements: { isSetSupported(name: string, minVersion?: string): boolean };
  };
  readonly devicePermission: Pick<Office.DevicePermission, 'requestPermissions'>;
  readonly DevicePermissionType: typeof Office.DevicePermissionType;
  readonly PlatformType: typeof Office.PlatformType;
}

export function officeCameraPermission(office: OfficeForCameraPermission): () => Promise<CameraPermission> {
  return async () => {
    if (office.context.platform !== office.PlatformType.OfficeOnline) return 'granted';
    // Older Excel on the web without the API: getUserMedia answers for itself (NotAllowedError without `allow`).
    if (!office.context.requirements.isSetSupported('DevicePermission', '1.1')) return 'granted';
    try {
      const newlyGranted = await office.devicePermission.requestPermissions([office.DevicePermissionType.camera]);
      return newlyGranted ? 'needs-reload' : 'granted';
    } catch {
      return 'denied';
    }
  };
}
