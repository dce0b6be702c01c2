// The pixel work around quagga2 that needs no browser: contrast, resampling, the BMP a fallback read loads, and
// which reads are well-formed enough to report. Reading real label images is in test/scanner/frame-decode.test.ts.
import { greyBmp } from './bmp';
import { aimRect, passImage, pauseAfterRead, resample, stretchContrast, type GreyFrame } from './frame-decode';
import { isWellFormedRead } from './scan-filter';

const GS = '\x1d';

function frame(width: number, height: number, value: (x: number, y: number) => number): GreyFrame {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { data, width, height };
}

describe('stretchContrast', () => {
  it('spreads a faded label (grey bars on grey paper) over the full range', () => {
    // Bars at 100, paper at 160: what a low-contrast print in a dim aisle gives.
    const faded = frame(100, 10, (x) => (x % 4 < 2 ? 100 : 160));
    const out = stretchContrast(faded);
    expect(new Set(out.data)).toEqual(new Set([0, 255]));
  });

  it('lets the darkest and brightest 1% clip, so a few specular pixels do not decide', () => {
    const withGlare = frame(100, 10, (x, y) => (x === 0 && y === 0 ? 255 : x % 4 < 2 ? 100 : 160));
    const out = stretchContrast(withGlare);
    expect(out.data[1]).toBe(0);
    expect(out.data[2]).toBe(255);
  });

  it('leaves a blank frame alone instead of turning its noise into edges', () => {
    const blank = frame(50, 10, (x) => 200 + (x % 3));
    expect(stretchContrast(blank).data).toEqual(blank.data);
  });
});

describe('resample', () => {
  it('keeps a frame of the same size as it is', () => {
    const f = frame(8, 4, (x, y) => x * 20 + y);
    expect(resample(f, { x: 0, y: 0, width: 8, height: 4 }, 8, 4).data).toEqual(f.data);
  });

  it('scales a region up twice, interpolating between pixels', () => {
    const f = frame(4, 1, (x) => [0, 100, 200, 0][x]!);
    const out = resample(f, { x: 1, y: 0, width: 2, height: 1 }, 4, 1);
    expect([...out.data]).toEqual([100, 125, 175, 200]);
  });
});

describe('the images the passes read', () => {
  it('reads a 1280x720 frame whole and its aiming rectangle scaled up about twice, in sizes that tile by 80', () => {
    const f = frame(1280, 720, (x) => (x % 7 < 3 ? 30 : 220));
    const whole = passImage(f, 'frame');
    expect([whole.width, whole.height]).toEqual([1280, 720]);
    const aim = passImage(f, 'aim');
    expect([aim.width, aim.height]).toEqual([1920, 640]);
    expect(aimRect(1280, 720)).toEqual({ x: 154, y: 202, width: 973, height: 317 });
  });

  it('scales a 1920x1080 frame down to 1280x720 for the whole-frame pass', () => {
    const f = frame(1920, 1080, (x) => (x % 7 < 3 ? 30 : 220));
    const whole = passImage(f, 'frame');
    expect([whole.width, whole.height]).toEqual([1280, 720]);
  });
});

describe('greyBmp', () => {
  it('writes an 8-bit greyscale BMP with top-down rows padded to 4 bytes', () => {
    const f = frame(3, 2, (x, y) => 10 * x + y);
    const bmp = greyBmp(f);
    const view = new DataView(bmp.buffer, bmp.byteOffset, bmp.byteLength);
    expect(String.fromCharCode(bmp[0]!, bmp[1]!)).toBe('BM');
    expect(view.getUint32(2, true)).toBe(bmp.length);
    expect(view.getInt32(18, true)).toBe(3);
    expect(view.getInt32(22, true)).toBe(-2);
    expect(view.getUint16(28, true)).toBe(8);
    const offset = view.getUint32(10, true);
    expect(offset).toBe(14 + 40 + 1024);
    expect([...bmp.subarray(offset, offset + 8)]).toEqual([0, 10, 20, 0, 1, 11, 21, 0]);
  });
});

describe('isWellFormedRead', () => {
  it('drops a GS1-128 read whose checksum passed but whose GS1 data cannot be (a 28-character lot)', () => {
    // Seen in the scan benchmark, from a blurred label of (01)09506000134352(17)271231(10)ABCD2611XYZ9000170QR.
    const misread = `${GS}01095060001343521727123110ABCD2611905657582599000170?R`;
    expect(isWellFormedRead(misread, 'code_128')).toBe(false);
    expect(isWellFormedRead(`${GS}01095060001343521727123110ABCD2611XYZ9000170QR`, 'code_128')).toBe(true);
  });

  it('takes Code 128 without FNC1 and retail codes as they are', () => {
    expect(isWellFormedRead('PALLET-0042', 'code_128')).toBe(true);
    expect(isWellFormedRead('9506000134352', 'ean_13')).toBe(true);
  });
});

describe('pauseAfterRead', () => {
  it('gives the page back at least 60% of the time a read took, and reads at most 10 frames a second', () => {
    expect(pauseAfterRead(40)).toBe(60);
    expect(pauseAfterRead(200)).toBe(120);
  });
});
