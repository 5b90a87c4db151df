import { satisfactionLabels, type SuggestionRating, type SuggestionRecord } from '#domain/suggestions.ts';
import { suggestionRefColumns } from './columns.ts';
import { dataset } from './dataset.ts';

export const ratings = dataset<{ item: SuggestionRecord; rating: SuggestionRating }>({
  id: 'suggestion-ratings',
  title: '满意度测评',
  description: '代表对每一轮答复的满意度测评，一轮一行。',
  kind: 'record',
  rowNoun: '一件议案建议的一轮测评',
  rowId: (r) => `${r.item.id}/${r.rating.round}`,
  rows: (model) => model.items.flatMap((item) => item.ratings.map((rating) => ({ item, rating }))),
  columns: [
    ...suggestionRefColumns(),
    {
      key: 'round',
      label: '轮次',
      type: 'integer',
      description: '对第几轮答复的测评。',
      get: (r) => r.rating.round,
    },
    {
      key: 'rated_on',
      label: '测评日期',
      type: 'date',
      description: '测评日期。',
      get: (r) => r.rating.ratedOn,
    },
    {
      key: 'satisfaction',
      label: '满意度',
      type: 'enum',
      codes: satisfactionLabels,
      description: '测评结果；不满意的退回重新办理。',
      get: (r) => r.rating.satisfaction,
    },
  ],
});
