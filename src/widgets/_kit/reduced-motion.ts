/**
 * The one rule for "no animation" in every widget: the reader's system asks for less motion, or the
 * page does — an embed opened with motion=reduce sets data-reduced-motion on <html> and reduced-motion
 * on the widget (src/lib/embed/page-options.ts). The site itself has no motion switch.
 */
export function prefersReducedMotion(el?: Element | null): boolean {
  if (
    typeof document !== 'undefined' &&
    document.documentElement.hasAttribute('data-reduced-motion')
  )
    return true;
  if (el?.closest('[reduced-motion]')) return true;
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
