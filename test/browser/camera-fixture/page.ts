// The camera browser test's page: createCameraScanner and the scan field as the receiving pane will use them,
// with nothing else around them. The test reads `window.cameraFixture`.
import type { Scan } from '../../../src/app/scanner-port';
import { beep, createCameraScanner } from '../../../src/scanner/camera-scanner';
import { bindWedgeInput, displayWedgeText } from '../../../src/scanner/wedge';
import type { WedgeScan } from '../../../src/scanner/wedge';

interface CameraFixture {
  readonly scans: Scan[];
  readonly wedgeScans: WedgeScan[];
  /** The MediaStream of the last start, kept after stop so the test can see that its tracks ended. */
  stream: MediaStream | null;
}

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el as T;
};

const status = byId<HTMLParagraphElement>('status');
const target = byId<HTMLDivElement>('camera-target');
const fixture: CameraFixture = { scans: [], wedgeScans: [], stream: null };
// Not declared on Window: the fixture's global should not leak into the project's types.
(window as unknown as { cameraFixture: CameraFixture }).cameraFixture = fixture;

const listItem = (list: HTMLElement, text: string): void => {
  const li = document.createElement('li');
  li.textContent = displayWedgeText(text);
  list.append(li);
};

const scanner = createCameraScanner();

byId<HTMLButtonElement>('start').addEventListener('click', async () => {
  status.textContent = 'Starting the camera…';
  const result = await scanner.start(target, {
    onScan: (scan) => {
      beep();
      fixture.scans.push(scan);
      listItem(byId('scans'), scan.text);
    },
    onError: (e) => {
      status.textContent = e.message;
    },
  });
  if (!result.ok) {
    status.textContent = result.error.message;
    status.dataset.code = result.error.code;
    return;
  }
  const video = target.querySelector('video');
  fixture.stream = video?.srcObject instanceof MediaStream ? video.srcObject : null;
  status.textContent = 'Camera on';
  delete status.dataset.code;
});

byId<HTMLButtonElement>('stop').addEventListener('click', async () => {
  await scanner.stop();
  status.textContent = 'Camera off';
});

bindWedgeInput(byId<HTMLInputElement>('wedge'), {
  fnc1Substitute: '|',
  onScan: (scan) => {
    fixture.wedgeScans.push(scan);
    listItem(byId('wedge-scans'), scan.text);
  },
});
