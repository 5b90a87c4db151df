import { z } from 'zod';

/**
 * Citizens' opinions (群众意见建议): whom they address, where they stand, what happens to them and
 * how the office sorts them. Enums mirror migrations/0006. The sender and the office read
 * different labels on purpose; each set is defined here once.
 */

export const opinionTargetTypes = ['deputy', 'station', 'topic'] as const;
export const OpinionTargetType = z.enum(opinionTargetTypes);
export type OpinionTargetType = z.infer<typeof OpinionTargetType>;
export const opinionTargetTypeLabels: Record<OpinionTargetType, string> = {
  deputy: '人大代表',
  station: '代表联络站',
  topic: '综合意见（不指定代表）',
};

export const opinionStatuses = [
  'received',
  'held',
  'triaged',
  'forwarded',
  'replied',
  'closed',
  'rejected',
] as const;
export const OpinionStatus = z.enum(opinionStatuses);
export type OpinionStatus = z.infer<typeof OpinionStatus>;

/** What the sender sees. A held opinion shows as received: review for abuse is internal. */
export const publicOpinionStatuses = [
  'received',
  'triaged',
  'forwarded',
  'replied',
  'closed',
  'rejected',
] as const;
export type PublicOpinionStatus = (typeof publicOpinionStatuses)[number];
export function publicStatus(status: OpinionStatus): PublicOpinionStatus {
  return status === 'held' ? 'received' : status;
}
export const opinionStatusLabels: Record<PublicOpinionStatus, string> = {
  received: '已收到，等待处理',
  triaged: '已分类，正在办理',
  forwarded: '已转交承办单位',
  replied: '已答复',
  closed: '已办结',
  rejected: '不予受理',
};

export const opinionEventKinds = [
  'received',
  'held',
  'released',
  'triaged',
  'forwarded',
  'replied',
  'closed',
  'rejected',
  'feedback',
  'note',
] as const;
export type OpinionEventKind = (typeof opinionEventKinds)[number];
export const opinionEventLabels: Record<OpinionEventKind, string> = {
  received: '收到意见',
  held: '等待核实',
  released: '核实通过',
  triaged: '分类受理',
  forwarded: '转交办理',
  replied: '答复',
  closed: '办结',
  rejected: '不予受理',
  feedback: '您的评价',
  note: '办理进展',
};

export const feedbackResolutions = ['yes', 'partly', 'no'] as const;
export const FeedbackResolution = z.enum(feedbackResolutions, { error: '请选择问题是否得到解决。' });
export type FeedbackResolution = z.infer<typeof FeedbackResolution>;
export const feedbackResolutionLabels: Record<FeedbackResolution, string> = {
  yes: '已解决',
  partly: '部分解决',
  no: '未解决',
};

/**
 * The office's own wording: terser, and naming what the sender never sees (a held opinion,
 * internal notes). The sender's wording is opinionStatusLabels / opinionEventLabels above.
 */
export const staffOpinionStatusLabels: Record<OpinionStatus, string> = {
  received: '已收到',
  held: '待审核',
  triaged: '已分类',
  forwarded: '已转交',
  replied: '已答复',
  closed: '已办结',
  rejected: '不予受理',
};

/** Statuses still waiting for the office: these can be overdue. */
export const openStatuses = ['received', 'triaged', 'forwarded'] as const satisfies readonly OpinionStatus[];

export const staffOpinionTargetLabels: Record<OpinionTargetType, string> = {
  deputy: '致代表',
  station: '致联络站',
  topic: '按主题',
};

/** 分层分类: which level of the office deals with an opinion. */
export const opinionLayers = ['station', 'district', 'city', 'handling_unit'] as const;
export const OpinionLayer = z.enum(opinionLayers);
export type OpinionLayer = z.infer<typeof OpinionLayer>;
export const opinionLayerLabels: Record<OpinionLayer, string> = {
  station: '联络站办理',
  district: '区人大常委会办理',
  city: '市人大常委会办理',
  handling_unit: '转承办单位办理',
};

/** Who deals with it, as the citizen's timeline names it. */
export const opinionLayerPublicNames: Record<OpinionLayer, string> = {
  station: '代表联络站',
  district: '区人大常委会',
  city: '市人大常委会',
  handling_unit: '有关承办单位',
};

export const staffOpinionEventLabels: Record<OpinionEventKind, string> = {
  received: '收到',
  held: '进入审核',
  released: '通过审核',
  triaged: '分类',
  forwarded: '转交',
  replied: '答复',
  closed: '办结',
  rejected: '不予受理',
  feedback: '群众反馈',
  note: '内部备注',
};

/** The published list of categories (opinion_categories, active ones). */
export const OpinionCategoryRecord = z.object({
  name: z.string().min(1),
  sortOrder: z.number().int(),
});
export type OpinionCategoryRecord = z.infer<typeof OpinionCategoryRecord>;

/**
 * A reply published on the site (领导留言板 style): only where the sender agreed to publication
 * (allow_publication) and staff chose to show it (reply_is_public; the database refuses that
 * without consent). Never the sender's name or contact.
 */
export const PublishedReplyRecord = z.object({
  /** The opinion's number (opinions.id): stable, says nothing about the sender. */
  number: z.number().int().positive(),
  title: z.string().min(1),
  content: z.string().min(1),
  targetType: OpinionTargetType,
  deputyId: z.string().nullable(),
  stationId: z.string().nullable(),
  targetName: z.string().nullable(),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  receivedAt: z.string(),
  reply: z.string().min(1),
  repliedAt: z.string(),
});
export type PublishedReplyRecord = z.infer<typeof PublishedReplyRecord>;
