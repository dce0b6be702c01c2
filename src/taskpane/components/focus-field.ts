/**
 * Takes the person to the field an error is about: focus it, and scroll its whole Field (label, control and the
 * message under it) into view. At 320 px the message under a control would otherwise stay below the fold.
 *
 * Done after the next paint: the message is drawn by the state change that came with the error, and a field that
 * was disabled while the pane worked is enabled again only then.
 */
export function focusField(el: HTMLElement | null | undefined): void {
  if (!el) return;
  requestAnimationFrame(() => {
    el.focus({ preventScroll: true });
    (el.closest('.fui-Field') ?? el).scrollIntoView({ block: 'nearest' });
  });
}
