/**
 * The shipped model's shape, for lesson plans: plan text writes {side}, {sides} and the like, and the
 * teach pages fill them in at build time from the model the browser downloads (src/lib/ml/shipped-model.ts),
 * so a retrained model never leaves a stale figure in a plan. An unknown {name} stops the build.
 */
import { count } from '../../lib/format.ts';
import { model, numberWord, roughly } from '../../lib/ml/shipped-model.ts';

export const PLAN_FACTS: Record<string, string> = {
  /** Width (= height) of the grey face the network reads. */
  side: String(model.input.width),
  /** Numbers in that face. */
  pixels: count(model.input.width * model.input.height),
  /** Side of a feature map after a 3 × 3 filter with no padding, stride 1 (lesson 3). */
  unpaddedSide: String(model.input.width - 2),
  /** Sides of the feature maps from the input down, e.g. "48, 24, 12, 6". */
  sides: model.sides.join(', '),
  firstFilters: String(model.firstConv.filters),
  firstSide: String(model.firstConv.outputSide),
  convolutions: numberWord(model.convolutions),
  features: String(model.features),
  classes: numberWord(model.classes),
  parameters: roughly(model.parameters),
};

/** "a {side} × {side} face" → "a 48 × 48 face". */
export function fillFacts(text: string, facts: Record<string, string> = PLAN_FACTS): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = facts[name];
    if (value === undefined)
      throw new Error(
        `Lesson plan text asks for {${name}}, which is not a plan fact (${Object.keys(facts).join(', ')})`,
      );
    return value;
  });
}
