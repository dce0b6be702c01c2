/**
 * The webcam half of scanning, shared by the panes that read labels (Receive, Count): start and stop, the camera
 * chooser, the aiming area and camera errors. The handheld scan field stays in each pane, next to this.
 *
 * Leaving the pane (unmount) turns the camera off. `onScan` may change on every render: the running camera
 * always calls the latest one.
 */
import { Button, Caption1, Field, Select, makeStyles, tokens } from '@fluentui/react-components';
import { CameraOffRegular, CameraRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import type { CameraDevice, CameraError } from '../../app/scanner-port';
import { cameraErrorTitle } from '../messages';
import { useServices } from '../services';
import { Notice } from './Notice';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  camera: { width: '100%', borderRadius: tokens.borderRadiusMedium, overflow: 'hidden', ':empty': { display: 'none' } },
  status: { color: tokens.colorNeutralForeground3 },
});

export interface CameraScanProps {
  readonly onScan: (text: string) => void;
  /** Shown when this device has no camera support at all. */
  readonly noCameraText?: string;
}

export function CameraScan({ onScan, noCameraText = 'No camera here: scan with a handheld scanner into the scan field, or type.' }: CameraScanProps) {
  const styles = useStyles();
  const { scanner } = useServices();
  const [camera, setCamera] = useState<'off' | 'starting' | 'on'>('off');
  const [cameraIssue, setCameraIssue] = useState<CameraError | null>(null);
  const [cameras, setCameras] = useState<CameraDevice[]>([]);
  const [deviceId, setDeviceId] = useState<string>('');
  const targetRef = useRef<HTMLDivElement>(null);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;

  useEffect(() => {
    if (!scanner) return undefined;
    let live = true;
    scanner.listCameras().then(
      (list) => live && setCameras(list),
      () => undefined,
    );
    return () => {
      live = false;
      void scanner.stop();
    };
  }, [scanner]);

  if (!scanner) return <Caption1>{noCameraText}</Caption1>;

  const startCamera = async () => {
    if (!targetRef.current) return;
    setCameraIssue(null);
    setCamera('starting');
    const result = await scanner.start(targetRef.current, {
      deviceId: deviceId || undefined,
      onScan: (scan) => onScanRef.current(scan.text),
      onError: (error) => {
        setCamera('off');
        setCameraIssue(error);
      },
    });
    if (!result.ok) {
      setCamera('off');
      setCameraIssue(result.error);
      return;
    }
    setCamera('on');
    // Labels appear only once access was granted.
    scanner.listCameras().then(setCameras, () => undefined);
  };

  const stopCamera = async () => {
    await scanner.stop();
    setCamera('off');
  };

  return (
    <>
      <div className={styles.actions}>
        {camera === 'off' ? (
          <Button icon={<CameraRegular />} onClick={() => void startCamera()}>
            Start camera
          </Button>
        ) : (
          <Button icon={<CameraOffRegular />} onClick={() => void stopCamera()}>
            Stop camera
          </Button>
        )}
        <Caption1 role="status" className={styles.status}>
          {camera === 'on' ? 'Camera on: hold the label inside the frame' : camera === 'starting' ? 'Starting the camera…' : 'Camera off'}
        </Caption1>
      </div>
      {cameras.length > 1 && (
        <Field label="Camera">
          <Select value={deviceId} onChange={(_, d) => setDeviceId(d.value)} disabled={camera !== 'off'}>
            <option value="">Default camera</option>
            {cameras.map((c, i) => (
              <option key={c.deviceId || i} value={c.deviceId}>
                {c.label || `Camera ${i + 1}`}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <div ref={targetRef} className={styles.camera} />
      {cameraIssue && (
        <Notice intent="error" title={cameraErrorTitle(cameraIssue.code)}>
          {cameraIssue.message}
        </Notice>
      )}
    </>
  );
}
