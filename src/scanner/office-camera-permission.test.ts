import { officeCameraPermission } from './office-camera-permission';
import type { OfficeForCameraPermission } from './office-camera-permission';

// The values Office.js gives these enums at run time.
const DevicePermissionType = { camera: 'camera', geolocation: 'geolocation', microphone: 'microphone' } as unknown as typeof Office.DevicePermissionType;
const PlatformType = { OfficeOnline: 'OfficeOnline', PC: 'PC', Mac: 'Mac' } as unknown as typeof Office.PlatformType;

function office(platform: keyof typeof PlatformType, answer: () => Promise<boolean>, supported = true) {
  const asked: unknown[] = [];
  const host: OfficeForCameraPermission = {
    context: { platform: PlatformType[platform], requirements: { isSetSupported: (name, version) => supported && name === 'DevicePermission' && version === '1.1' } },
    devicePermission: {
      requestPermissions: (permissions) => {
        asked.push(permissions);
        return answer();
      },
    },
    DevicePermissionType,
    PlatformType,
  };
  return { host, asked };
}

describe('officeCameraPermission', () => {
  it('asks Excel on the web for the camera; newly granted means the add-in must reload', async () => {
    const { host, asked } = office('OfficeOnline', async () => true);
    expect(await officeCameraPermission(host)()).toBe('needs-reload');
    expect(asked).toEqual([[DevicePermissionType.camera]]);
  });

  it('goes ahead when access was granted before', async () => {
    const { host } = office('OfficeOnline', async () => false);
    expect(await officeCameraPermission(host)()).toBe('granted');
  });

  it('reports a refusal as denied', async () => {
    const { host } = office('OfficeOnline', () => Promise.reject(new Error('User denied the permission request')));
    expect(await officeCameraPermission(host)()).toBe('denied');
  });

  it('does not ask on desktop Excel, which prompts by itself, nor where the API is missing', async () => {
    const desktop = office('PC', async () => true);
    expect(await officeCameraPermission(desktop.host)()).toBe('granted');
    expect(desktop.asked).toEqual([]);
    const old = office('OfficeOnline', async () => true, false);
    expect(await officeCameraPermission(old.host)()).toBe('granted');
    expect(old.asked).toEqual([]);
  });
});
