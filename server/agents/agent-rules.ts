import { ruleFor } from '../deadlines';
import type { FieldError } from '../http';
import { agentPermitted, letterTemplateFor } from '../mail/letter-data';
import type { CheckedIntake } from '../requests';

/**
 * Rights a law does not let an agent exercise (Virginia, Utah and Iowa recognise no general agents; Colorado,
 * Connecticut, Oregon and Texas only for opt-outs), refused at filing rather than failing at dispatch.
 */
export function agentRefusals(
  checked: CheckedIntake,
  jurisdiction: string,
  field: (index: number) => string,
): FieldError[] {
  const errors: FieldError[] = [];
  checked.rights.forEach(({ right }, i) => {
    const rule = ruleFor(jurisdiction, right);
    if (!rule) return;
    let template;
    try {
      template = letterTemplateFor(right, rule.regime);
    } catch {
      return; // no letter at all: dispatch reports it, as for consumers
    }
    if (!agentPermitted(rule.regime, template)) {
      errors.push({
        field: field(i),
        message: `${rule.regimeName} does not let an authorized agent make a ${right} request; the consumer must file it themselves`,
      });
    }
  });
  return errors;
}
