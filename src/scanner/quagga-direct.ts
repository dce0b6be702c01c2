/**
 * quagga2's locator and decoder run on grey pixels already in memory.
 *
 * quagga2 1.12 has no public call for that: decodeSingle loads an image from a URL into a new canvas, converts and
 * rescales it in JavaScript, and builds a new reader each time, which cost 230 ms (whole 1280x720 frame) and 680 ms
 * (scaled-up aiming rectangle) a read in Chromium on the benchmark machine, against tens of milliseconds for the
 * locating and decoding itself. Its own Quagga class can do it: `Quagga.init(config, cb, imageWrapper, instance)`
 * (the four-argument form decodeSingle and quagga2's worker use) sets an instance up on an ImageWrapper, and the
 * instance's getBoundingBoxes and decoder do the rest. The class is not exported, so it is taken from the one
 * decodeSingle creates (once, on a blank image).
 *
 * This leans on quagga2 internals. If a quagga2 release moves them, directReader() resolves null and
 * frame-decode.ts falls back to decodeSingle (slower, same results); test/scanner/frame-decode.test.ts checks that
 * the fast path is the one taken.
 */
import Quagga from '@ericblade/quagga2';
import type { ImageWrapper, QuaggaJSCodeReader, QuaggaJSConfigObject, QuaggaJSResultObject } from '@ericblade/quagga2';
import type { GreyFrame } from './frame-decode';
import { LOCATOR } from './quagga-config';

interface QuaggaInstance {
  readonly context: { readonly decoder?: { decodeFromBoundingBoxes(boxes: unknown[]): QuaggaJSResultObject } };
  getBoundingBoxes(): unknown[] | null;
  initializeData(wrapper: ImageWrapper): void;
}
type QuaggaClass = new () => QuaggaInstance;
type InitWithInstance = (config: QuaggaJSConfigObject, cb: ((err?: unknown) => void) | undefined, wrapper: ImageWrapper | null, instance?: QuaggaInstance) => Promise<void> | undefined;
type ImageWrapperClass = new (size: { x: number; y: number; type: 'XYSize' }, data?: Uint8Array) => ImageWrapper;

/** A white 160x160 PNG: decodeSingle needs an image to load before it hands over its instance. */
const BLANK_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAKAAAACgCAIAAAAErfB6AAAACXBIWXMAAAPoAAAD6AG1e1JrAAABhElEQVR4nO3RAQkAMAzAsPk3vasYh5IoKHSWtPkdwC2D4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wyOMzjO4DiD4wzetgfq7eV3hOAbmQAAAABJRU5ErkJggg==';

let found: Promise<QuaggaClass | null> | null = null;

function quaggaClass(): Promise<QuaggaClass | null> {
  found ??= (async () => {
    const q = Quagga as unknown as { init: InitWithInstance };
    const original = q.init;
    const seen: { klass: QuaggaClass | null } = { klass: null };
    q.init = function (this: unknown, ...args: Parameters<InitWithInstance>) {
      const instance = args[3];
      if (instance && typeof instance === 'object') seen.klass = instance.constructor as QuaggaClass;
      return original.apply(this, args);
    };
    try {
      await Quagga.decodeSingle({ src: BLANK_PNG, numOfWorkers: 0, locate: false, decoder: { readers: ['code_128_reader'] } });
    } catch {
      // No class then; the caller falls back.
    } finally {
      q.init = original;
    }
    const candidate = seen.klass;
    if (!candidate) return null;
    const probe = new candidate();
    return typeof probe.getBoundingBoxes === 'function' && typeof probe.initializeData === 'function' && typeof probe.context === 'object' ? candidate : null;
  })();
  return found;
}

export interface DirectRead {
  readonly result: QuaggaJSResultObject | null;
  /** The locator found something barcode-like. */
  readonly located: boolean;
}

export interface DirectReader {
  read(image: GreyFrame, locate: boolean, readers: readonly QuaggaJSCodeReader[]): Promise<DirectRead>;
}

/**
 * A reader on quagga2's own class, or null where quagga2's internals are not as expected. Image sizes must be
 * multiples of 80 pixels (quagga2's locator works in square patches that must tile the image; frame-decode.ts
 * sizes its images so).
 */
export async function directReader(): Promise<DirectReader | null> {
  const Klass = await quaggaClass();
  if (!Klass) return null;
  const Wrapper = Quagga.ImageWrapper as unknown as ImageWrapperClass;
  const init = (Quagga as unknown as { init: InitWithInstance }).init.bind(Quagga);
  const instance = new Klass();
  let wrapper: ImageWrapper | null = null;
  return {
    async read(image, locate, readers) {
      if (!wrapper || wrapper.size.x !== image.width || wrapper.size.y !== image.height) {
        wrapper = new Wrapper({ x: image.width, y: image.height, type: 'XYSize' }, new Uint8Array(image.width * image.height));
      }
      (wrapper.data as Uint8Array).set(image.data);
      // Set up afresh for every read: quagga2's locator is module state that any other use of quagga2 resets, and
      // setting it up costs little next to locating (a binary image and the readers).
      // `useWorker` keeps the locator from creating a canvas of the image's size on every set-up (it only draws
      // debug output on it).
      const locator = { ...LOCATOR, useWorker: true } as QuaggaJSConfigObject['locator'];
      await init({ numOfWorkers: 0, locate, locator, decoder: { readers: [...readers] } }, undefined, wrapper, instance);
      const boxes = instance.getBoundingBoxes();
      if (!boxes || boxes.length === 0) return { result: null, located: false };
      const result = instance.context.decoder?.decodeFromBoundingBoxes(boxes) ?? null;
      return { result, located: locate };
    },
  };
}
