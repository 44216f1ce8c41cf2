import type { AnswerModel } from '../core/answer-model';

/** The answer as plain text for a terminal: the same model the cards show. */
export function renderAnswerText(answer: AnswerModel): string {
  const lines: string[] = [];
  for (const entry of answer.entries) {
    if (answer.kind === 'symptom') lines.push(answer.heading);
    lines.push(`${entry.codeLabel}  ${entry.title}`);
    lines.push(`  ${answer.labels.who}: ${entry.partyLabel}`);
    for (const note of entry.notes) lines.push(`  ! ${note.text}`);
    lines.push(`  ${answer.labels.meaning}: ${entry.meaning}`);
    lines.push(`  ${answer.labels.steps}:`);
    for (const step of entry.steps) lines.push(`    ${step.text}`);
    if (entry.links.length) lines.push(`  ${answer.labels.links}:`);
    for (const link of entry.links) lines.push(`    ${link.label}: ${link.url}`);
    lines.push('');
  }
  for (const more of answer.more) lines.push(`${more.codeLabel}  ${more.title}  (${more.partyLabel})`);
  for (const unknown of answer.unknown) lines.push(`${answer.labels.unknownHeading}: ${unknown.text} ${unknown.url}`);
  if (answer.alternatives.length) {
    lines.push(answer.labels.alternatives);
    for (const alternative of answer.alternatives) lines.push(`  - ${alternative.title}`);
  }
  if (answer.context.length) {
    lines.push(`${answer.labels.context}:`);
    for (const item of answer.context) lines.push(`  ${item.label}: ${item.value}`);
  }
  if (answer.kind === 'choose' || answer.kind === 'find_code') lines.push(answer.heading);
  if (answer.note && answer.kind === 'choose') lines.push(answer.note);
  if (answer.findCode) lines.push(answer.findCode.intro, ...answer.findCode.steps.map((step) => `  ${step.text.replace(/\*\*/g, '')}`));
  if (answer.choicesHeading) lines.push(answer.choicesHeading);
  for (const choice of answer.choices) lines.push(`  - ${choice.label} (${choice.partyLabel})`);
  if (answer.noMatch) lines.push(answer.noMatch.heading, answer.noMatch.body, answer.noMatch.howto.replace(/\*\*/g, ''));
  return lines.join('\n').trimEnd();
}
