// The camera scanner's decisions that need no browser: which decodes become scans, and what a failure says.
// The camera itself is tested in Chromium with a fake webcam (test/browser/camera.test.mjs).
import { parseGs1, summarizeGs1 } from '../domain/gs1';
import { cameraErrorFrom, cameraSupportError } from './camera-errors';
import { cameraConstraints, preferContinuousFocus } from './quagga-config';
import { createScanFilter, expandUpcE, isConfidentDecode, meanDecodeError, normalizeCameraCode } from './scan-filter';

const GS = '\x1d';
const LABEL = `${GS}010950600013435210LOT-A1${GS}172712313024`;
const OTHER = `${GS}010950600013435210LOT-B7${GS}3012`;

describe('createScanFilter', () => {
  it('reports a code only when two decoded frames in a row agree', () => {
    const filter = createScanFilter();
    expect(filter.push(LABEL, 0)).toBeNull();
    expect(filter.push(LABEL, 100)).toBe(LABEL);
  });

  it('never reports a misread that appears in one frame only', () => {
    const filter = createScanFilter();
    const misread = `${GS}010920600013433110LOT-A1${GS}172712313024`;
    const frames = [LABEL, misread, LABEL, OTHER, misread, OTHER];
    const reported = frames.map((text, i) => filter.push(text, i * 100)).filter((t) => t !== null);
    expect(reported).toEqual([]);
  });

  it('reports a label held in view once', () => {
    const filter = createScanFilter();
    const reported = Array.from({ length: 100 }, (_, i) => filter.push(LABEL, i * 100)).filter((t) => t !== null);
    expect(reported).toEqual([LABEL]);
  });

  it('reports the same label again after a pause of 2 s without it, not before', () => {
    const filter = createScanFilter();
    filter.push(LABEL, 0);
    expect(filter.push(LABEL, 100)).toBe(LABEL);
    // Out of view for 1.5 s: still the same carton.
    expect(filter.push(LABEL, 1600)).toBeNull();
    // Out of view for 2 s: the next carton with the same label.
    expect(filter.push(LABEL, 3600)).toBe(LABEL);
  });

  it('counts the pause from the last time the label was seen', () => {
    const filter = createScanFilter({ repeatAfterMs: 2000 });
    filter.push(LABEL, 0);
    filter.push(LABEL, 100);
    for (let t = 200; t <= 5000; t += 300) expect(filter.push(LABEL, t)).toBeNull();
  });

  it('reports the same label again once a different code was accepted in between', () => {
    const filter = createScanFilter();
    const reported = [LABEL, LABEL, OTHER, OTHER, LABEL, LABEL].map((t, i) => filter.push(t, i * 100));
    expect(reported).toEqual([null, LABEL, null, OTHER, null, LABEL]);
  });

  it('after a pause, needs the repeated label to agree with the frame before it', () => {
    const filter = createScanFilter();
    filter.push(LABEL, 0);
    filter.push(LABEL, 100);
    expect(filter.push(OTHER, 3000)).toBeNull();
    expect(filter.push(LABEL, 3100)).toBeNull();
    expect(filter.push(LABEL, 3200)).toBe(LABEL);
  });

  it('does not report a label again while it stays in view between reads (a damaged label reads in some frames only)', () => {
    const filter = createScanFilter();
    filter.push(LABEL, 0);
    expect(filter.push(LABEL, 300)).toBe(LABEL);
    // Held in view for 5 s, read now and then: located in every frame, read every 2.5 s.
    for (let t = 600; t <= 5300; t += 300) {
      if (t % 2500 === 300) expect(filter.push(LABEL, t)).toBeNull();
      else filter.inView(t);
    }
    // Taken away for 2 s, then shown again: the next carton.
    expect(filter.push(LABEL, 7400)).toBe(LABEL);
  });

  it('forgets everything on reset, so a restarted camera reports the label again', () => {
    const filter = createScanFilter();
    filter.push(LABEL, 0);
    filter.push(LABEL, 100);
    filter.reset();
    expect(filter.push(LABEL, 200)).toBeNull();
    expect(filter.push(LABEL, 300)).toBe(LABEL);
  });
});

describe('normalizeCameraCode', () => {
  it("keeps quagga2's leading GS, which parseGs1 reads", () => {
    expect(normalizeCameraCode(LABEL, 'code_128')).toBe(LABEL);
  });

  it('drops the stray trailing GS quagga2 adds when the check character is 102', () => {
    const text = normalizeCameraCode(`${LABEL}${GS}`, 'code_128');
    expect(text).toBe(LABEL);
    const parsed = parseGs1(text ?? '', { today: '2026-11-30' });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(summarizeGs1(parsed.elements)).toEqual({ gtin: '09506000134352', lot: 'LOT-A1', expiry: '2027-12-31', count: 24 });
  });

  it('keeps a GS that separates a variable-length lot from what follows', () => {
    expect(normalizeCameraCode(`${GS}10LOT-A1${GS}17271231${GS}`, 'code_128')).toBe(`${GS}10LOT-A1${GS}17271231`);
  });

  it('has nothing to report for an empty result or separators only', () => {
    expect(normalizeCameraCode(null, 'code_128')).toBeNull();
    expect(normalizeCameraCode('', 'code_128')).toBeNull();
    expect(normalizeCameraCode(`${GS}${GS}`, 'code_128')).toBeNull();
  });

  it('passes EAN-13, EAN-8 and UPC-A through as read', () => {
    expect(normalizeCameraCode('4006381333931', 'ean_13')).toBe('4006381333931');
    expect(normalizeCameraCode('96385074', 'ean_8')).toBe('96385074');
    expect(normalizeCameraCode('036000291452', 'upc_a')).toBe('036000291452');
  });

  it('expands UPC-E to UPC-A, so the GTIN is the product and not an EAN-8', () => {
    const text = normalizeCameraCode('04252614', 'upc_e');
    expect(text).toBe('042100005264');
    const parsed = parseGs1(text ?? '');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(summarizeGs1(parsed.elements).gtin).toBe('00042100005264');
  });

  it('drops an upc_e result that is not a valid UPC-E', () => {
    expect(normalizeCameraCode('04252615', 'upc_e')).toBeNull();
    expect(normalizeCameraCode('0425261', 'upc_e')).toBeNull();
  });
});

describe('expandUpcE', () => {
  // One example per rule of the last data digit (0-2, 3, 4, 5-9), each checked against its UPC-A check digit.
  it.each([
    ['01234505', '012000003455'],
    ['01234514', '012100003454'],
    ['01234523', '012200003453'],
    ['01234531', '012300000451'],
    ['01234558', '012345000058'],
    ['01234565', '012345000065'],
    ['01234596', '012345000096'],
    ['11234562', '112345000062'],
  ])('%s is %s', (upce, upca) => {
    expect(expandUpcE(upce)).toBe(upca);
  });

  it('rejects number systems other than 0 and 1, and wrong check digits', () => {
    expect(expandUpcE('21234565')).toBeNull();
    expect(expandUpcE('01234566')).toBeNull();
    expect(expandUpcE('0123456')).toBeNull();
  });
});

describe('decode confidence', () => {
  it('keeps reads whose bars fit well and drops a code "found" in noise', () => {
    // Per-character errors as quagga2 reported them here: a tilted, blurred, noisy GS1-128 read, and an EAN-8
    // it invented from the same Code 128 label scaled down.
    const good = [0.082, 0.061, 0.047, 0.083, 0.081, 0.053, 0.095, 0.102, 0.078, 0.04].map((error) => ({ error }));
    const invented = [0.188, 0.125, 0.135, 0.132, 0.24, 0.119, 0.177, 0.119, 0.052, 0.303].map((error) => ({ error }));
    expect(isConfidentDecode(good)).toBe(true);
    expect(isConfidentDecode(invented)).toBe(false);
    expect(meanDecodeError(invented)).toBeCloseTo(0.159, 3);
  });

  it('ignores entries without an error and accepts a read without any', () => {
    expect(meanDecodeError([{ error: 0.1 }, {}, { error: 0.05 }])).toBeCloseTo(0.075, 6);
    expect(meanDecodeError([])).toBeNull();
    expect(isConfidentDecode(undefined)).toBe(true);
  });
});

describe('camera errors', () => {
  const secure = { secureContext: true, hasMediaDevices: true };
  const dom = (name: string) => new DOMException('browser text', name);

  it.each([
    ['NotFoundError', 'no-camera'],
    ['OverconstrainedError', 'no-camera'],
    ['DevicesNotFoundError', 'no-camera'],
    ['NotAllowedError', 'permission-denied'],
    ['SecurityError', 'permission-denied'],
    ['PermissionDeniedError', 'permission-denied'],
    ['NotReadableError', 'camera-in-use'],
    ['AbortError', 'camera-in-use'],
    ['TrackStartError', 'camera-in-use'],
    ['TypeError', 'camera-failed'],
  ])('%s is %s', (name, code) => {
    expect(cameraErrorFrom(dom(name), secure).code).toBe(code);
  });

  it('says what to do, in plain words', () => {
    expect(cameraErrorFrom(dom('NotReadableError'), secure).message).toBe('Another app is using the camera. Close it and try again.');
    expect(cameraErrorFrom(dom('NotFoundError'), secure).message).toMatch(/No camera was found/);
    expect(cameraErrorFrom(dom('NotAllowedError'), secure).message).toMatch(/not allowed to use the camera/);
  });

  it('blames an insecure page, not the user, when access is refused outside a secure context', () => {
    const insecure = { secureContext: false, hasMediaDevices: true };
    expect(cameraErrorFrom(dom('NotAllowedError'), insecure).code).toBe('insecure-context');
    expect(cameraErrorFrom(dom('SecurityError'), insecure).code).toBe('insecure-context');
  });

  it('knows before asking when the browser has no camera API', () => {
    expect(cameraSupportError({ secureContext: true, hasMediaDevices: false })?.code).toBe('not-supported');
    // Browsers hide navigator.mediaDevices on http pages: that is the insecure page, not the browser.
    expect(cameraSupportError({ secureContext: false, hasMediaDevices: false })?.code).toBe('insecure-context');
    expect(cameraSupportError(secure)).toBeNull();
    expect(cameraErrorFrom(new Error('getUserMedia is not defined'), { secureContext: true, hasMediaDevices: false }).code).toBe('not-supported');
  });

  it("maps quagga2's own failure (no frames from the camera) to camera-failed", () => {
    expect(cameraErrorFrom(new Error('Unable to play video stream. Is webcam working?'), secure).code).toBe('camera-failed');
    expect(cameraErrorFrom('a string', secure).code).toBe('camera-failed');
  });
});

describe('camera settings', () => {
  it('asks for 1920x1080 where the camera offers it, without failing a smaller camera, and the back camera by default', () => {
    expect(cameraConstraints()).toEqual({ width: { ideal: 1920 }, height: { ideal: 1080 }, facingMode: { ideal: 'environment' } });
    expect(cameraConstraints('cam-2')).toEqual({ width: { ideal: 1920 }, height: { ideal: 1080 }, deviceId: { exact: 'cam-2' } });
  });

  it('turns on continuous focus only on a track that offers it, and shrugs off a refusal', async () => {
    const applied: unknown[] = [];
    const track = (focusMode: string[] | undefined, refuse = false) =>
      ({
        getCapabilities: () => (focusMode ? { focusMode } : {}),
        applyConstraints: async (c: unknown) => {
          applied.push(c);
          if (refuse) throw new Error('OverconstrainedError');
        },
      }) as unknown as MediaStreamTrack;
    await preferContinuousFocus(track(['manual', 'continuous']));
    expect(applied).toEqual([{ advanced: [{ focusMode: 'continuous' }] }]);
    await preferContinuousFocus(track(['manual']));
    await preferContinuousFocus(track(undefined));
    expect(applied).toHaveLength(1);
    await expect(preferContinuousFocus(track(['continuous'], true))).resolves.toBeUndefined();
  });
});
