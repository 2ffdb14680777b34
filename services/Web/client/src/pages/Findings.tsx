// What a rule found about a household, explaining itself: the text, and on demand the rule, its rule set version,
// its weight in the priority score and the facts it looked at. Facts are counts, codes and temperatures.
import { number, t } from '../i18n';

export interface Finding { rule: string; ruleSetVersion: string; text: string; weight: number; inputs: Record<string, string> }
export interface ItemGap { item: string; needed: number; delivered: number; gap: number; overDelivered: number }

export function FindingList({ findings }: { findings: Finding[] }) {
  return (
    <ul class="findings">
      {findings.map((f) => (
        <li>
          <details>
            <summary>{f.text}{f.weight ? ` (+${number(f.weight)})` : ''}</summary>
            <dl class="facts">
              <dt>{t('findings.rule')}</dt><dd dir="ltr">{f.rule}</dd>
              <dt>{t('findings.version')}</dt><dd dir="ltr">{f.ruleSetVersion}</dd>
              {Object.entries(f.inputs).map(([key, value]) => <><dt dir="ltr">{key}</dt><dd dir="ltr">{value}</dd></>)}
            </dl>
          </details>
        </li>
      ))}
    </ul>
  );
}
