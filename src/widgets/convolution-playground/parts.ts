/** The playground's markup (the template in ConvolutionPlayground.astro) names its parts data-cp="…". */
export function part<T extends Element = HTMLElement>(root: ParentNode, name: string): T {
  return root.querySelector<T>(`[data-cp="${name}"]`)!;
}

export function parts<T extends Element = HTMLElement>(root: ParentNode, name: string): T[] {
  return [...root.querySelectorAll<T>(`[data-cp="${name}"]`)];
}
