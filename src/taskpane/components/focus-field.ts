/**
 * Takes the person to the field an error is about: focus it, and scroll its whole Field (label, control and the
 * message under it) into view. At 320 px the message under a control would otherwise stay below the fold.
 */
export function focusField(el: HTMLElement | null | undefined): void {
  if (!el) return;
  el.focus({ preventScroll: true });
  // After the next paint: the message is rendered by the state change that came with the error.
  requestAnimationFrame(() => (el.closest('.fui-Field') ?? el).scrollIntoView({ block: 'nearest' }));
}
