/** The handling timeline of one motion or suggestion, from its dated records. */
import {
  assignmentRoleLabels,
  resultClassLabels,
  satisfactionLabels,
  type SuggestionRecord,
} from '#domain/suggestions.ts';

export type TimelineKind =
  'filed' | 'assigned' | 'replied' | 'rated' | 'sent_back' | 'replied_again' | 'commitment_kept';

export interface TimelineEvent {
  date: string;
  kind: TimelineKind;
  text: string;
  /** In-page anchor of the record the event is about. */
  anchor?: string;
}

const ORDER: Record<TimelineKind, number> = {
  filed: 0,
  assigned: 1,
  replied: 2,
  replied_again: 2,
  rated: 3,
  sent_back: 4,
  commitment_kept: 5,
};

export function buildTimeline(item: SuggestionRecord, unitName: (id: string) => string): TimelineEvent[] {
  const events: TimelineEvent[] = [
    { date: item.filedOn, kind: 'filed', text: `${item.leadDeputy.name}代表领衔提出` },
  ];
  for (const a of item.assignments) {
    events.push({
      date: a.assignedOn,
      kind: 'assigned',
      text: `交由${unitName(a.unitId)}${assignmentRoleLabels[a.role]}，答复期限 ${a.dueOn}`,
    });
  }
  for (const r of item.replies) {
    const result = r.resultClass ? `，结果：${resultClassLabels[r.resultClass]}` : '';
    events.push({
      date: r.repliedOn,
      kind: r.round > 1 ? 'replied_again' : 'replied',
      text: `${unitName(r.unitId)}${r.round > 1 ? `重新办理后再次答复（第 ${r.round} 轮）` : '答复'}${result}`,
      anchor: `reply-${r.id}`,
    });
  }
  for (const rating of item.ratings) {
    events.push({
      date: rating.ratedOn,
      kind: 'rated',
      text: `代表对第 ${rating.round} 轮答复的测评：${satisfactionLabels[rating.satisfaction]}`,
    });
    if (rating.satisfaction === 'dissatisfied') {
      events.push({ date: rating.ratedOn, kind: 'sent_back', text: '因代表不满意，退回承办单位重新办理' });
    }
  }
  for (const c of item.commitments) {
    if (c.keptOn) {
      events.push({
        date: c.keptOn,
        kind: 'commitment_kept',
        text: `${unitName(c.unitId)}兑现承诺：${c.description}`,
        anchor: `commitment-${c.id}`,
      });
    }
  }
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.date.localeCompare(b.e.date) || ORDER[a.e.kind] - ORDER[b.e.kind] || a.i - b.i)
    .map(({ e }) => e);
}
