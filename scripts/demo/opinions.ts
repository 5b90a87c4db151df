/**
 * Staff users, opinion categories and citizens' opinions with their timelines, public replies,
 * feedback and contact details (erased after the retention period).
 */

import {
  opinionLayerPublicNames,
  type OpinionEventKind,
  type OpinionLayer,
  type OpinionStatus,
} from '#domain/opinions.ts';
import { addSeconds, beijingDateOf, addDays, dayNumber, formatDay, utcFromBeijing } from './dates.ts';
import type { Ctx, Deputy, Station } from './model.ts';
import { scaled, serves } from './model.ts';
import {
  DURATIONS,
  OPINION_CATEGORIES,
  OPINION_IMPACTS,
  OPINION_REQUESTS,
  OPINION_TOPICS,
  OPINION_UNITS,
} from './text.ts';
import { codeHash, uniqueCode } from './rounds.ts';
import { handlingUnits } from './suggestions.ts';
import { DETAILED_DISTRICT, type World } from './world.ts';

type Status = OpinionStatus;
type Layer = OpinionLayer;
type EventKind = OpinionEventKind;

const RETENTION_SECONDS = 180 * 86_400;
const DAY = 86_400;

interface StaffInfo {
  handlers: string[];
  stationStaff: Map<string, string>;
}

function buildStaff(ctx: Ctx, stations: Station[]): StaffInfo {
  const createdAt = `${ctx.asOf.slice(0, 4)}-01-05T01:00:00Z`;
  const add = (id: string, email: string, name: string, role: string, stationId: string | null): void => {
    ctx.t.staff_users.add([id, email, name, role, stationId, 1, createdAt]);
  };
  add('admin', 'admin@example.cn', `${ctx.names.person('male')}（管理员）`, 'admin', null);
  add('editor1', 'editor@example.cn', ctx.names.person('female'), 'editor', null);
  add('handler1', 'handler1@example.cn', ctx.names.person('female'), 'handler', null);
  add('handler2', 'handler2@example.cn', ctx.names.person('male'), 'handler', null);
  const stationStaff = new Map<string, string>();
  const wangchuan = stations.filter((s) => s.districtId === DETAILED_DISTRICT);
  for (let i = 0; i < wangchuan.length; i += 3) {
    const s = wangchuan[i];
    if (s === undefined) continue;
    const id = `station${String(i / 3 + 1).padStart(2, '0')}`;
    add(id, `${id}@example.cn`, ctx.names.person(i % 2 === 0 ? 'female' : 'male'), 'station_staff', s.id);
    stationStaff.set(s.id, id);
  }
  return { handlers: ['handler1', 'handler2'], stationStaff };
}

export async function buildOpinions(
  ctx: Ctx,
  world: World,
  stations: Station[],
  usedCodes: Set<string>,
): Promise<string[]> {
  const rng = ctx.rng.fork('opinions');
  const { t, asOf, cutoff } = ctx;
  const staff = buildStaff(ctx, stations);
  OPINION_CATEGORIES.forEach((c, i) => {
    t.opinion_categories.add([c.id, c.name, i + 1, 1]);
  });
  const units = handlingUnits().filter((u) => u.kind !== 'court' && u.kind !== 'procuratorate');

  const total = scaled(ctx, 400, 20);
  const local = world.deputies.filter((d) => d.districtId === DETAILED_DISTRICT || d.level === 'municipal');
  const activeStations = stations.filter((s) => s.isActive);
  const codeRng = ctx.rng.fork('tracking-codes');

  interface Draft {
    receivedAt: string;
    forced: boolean;
  }
  const drafts: Draft[] = [];
  const from = dayNumber(addDays(asOf, -548));
  for (let i = 0; i < total; i++) {
    const forced = i < 3;
    const day = forced ? dayNumber(addDays(asOf, -rng.int(40, 150))) : rng.int(from, dayNumber(asOf) - 1);
    drafts.push({ receivedAt: utcFromBeijing(formatDay(day), rng.int(8 * 3600, 22 * 3600)), forced });
  }
  drafts.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));

  const codes: string[] = drafts.map(() => uniqueCode(codeRng, usedCodes));
  const hashes = await Promise.all(codes.map(codeHash));
  const demoTracking: string[] = [];

  drafts.forEach((draft, index) => {
    const id = index + 1;
    const receivedDate = beijingDateOf(draft.receivedAt);
    const ageDays = dayNumber(asOf) - dayNumber(receivedDate);

    // Target: a deputy, a station or a topic.
    const targetRoll = rng.next();
    let deputy: Deputy | null = null;
    let station: Station | null = null;
    if (targetRoll < 0.4) {
      for (let guard = 0; guard < 50 && deputy === null; guard++) {
        const d = rng.pick(local);
        if (serves(d, receivedDate)) deputy = d;
      }
    } else if (targetRoll < 0.75 && activeStations.length > 0) {
      station = rng.pick(activeStations);
    }
    const targetType = deputy !== null ? 'deputy' : station !== null ? 'station' : 'topic';
    const category = rng.pick(OPINION_CATEGORIES);
    const topic = rng.pick(OPINION_TOPICS[category.id] ?? ['其他事项']);
    const placeArea =
      station?.area ??
      (deputy?.unit.areaIds[0] ? world.areas.get(deputy.unit.areaIds[0]) : undefined) ??
      rng.pick(world.wangchuanLeaves);
    const place = placeArea.kind === 'city' ? '' : placeArea.path;
    const title = rng.chance(0.5) ? `关于${topic}问题的意见` : `${place.slice(-8)}${topic}`;
    const content =
      `我是${place || '本市'}居民。${topic}的情况已经持续${rng.pick(DURATIONS)}，${rng.pick(OPINION_IMPACTS)}。` +
      `希望有关部门${rng.pick(OPINION_REQUESTS)}。`;

    // The intended end of the story, by age; cut at the cutoff below.
    let intended: Status;
    if (draft.forced) intended = index % 2 === 0 ? 'closed' : 'replied';
    else if (ageDays < 3)
      intended = rng.weighted([
        ['received', 70],
        ['held', 15],
        ['triaged', 15],
      ] as const);
    else if (ageDays < 10)
      intended = rng.weighted([
        ['triaged', 35],
        ['forwarded', 35],
        ['held', 8],
        ['replied', 17],
        ['rejected', 5],
      ] as const);
    else if (ageDays < 30)
      intended = rng.weighted([
        ['forwarded', 35],
        ['replied', 45],
        ['closed', 10],
        ['rejected', 5],
        ['triaged', 5],
      ] as const);
    else
      intended = rng.weighted([
        ['closed', 56],
        ['replied', 28],
        ['rejected', 7],
        ['forwarded', 5],
        ['held', 2],
        ['triaged', 2],
      ] as const);

    const handler =
      station !== null
        ? (staff.stationStaff.get(station.id) ?? rng.pick(staff.handlers))
        : rng.pick(staff.handlers);
    const layer: Layer =
      station !== null
        ? rng.chance(0.8)
          ? 'station'
          : 'district'
        : deputy !== null
          ? deputy.level === 'county' || deputy.level === 'township'
            ? 'district'
            : 'city'
          : rng.chance(0.5)
            ? 'city'
            : 'district';
    const districtGov = units.find((u) => u.id === `gov-${placeArea.districtId ?? ''}`);
    const categoryUnitId = rng.pick(OPINION_UNITS[category.id] ?? ['dept-civil-affairs']);
    const forwardUnit =
      districtGov !== undefined && rng.chance(0.25)
        ? districtGov
        : (units.find((u) => u.id === categoryUnitId) ?? rng.pick(units));
    const allowPublication = draft.forced || rng.chance(0.7);

    interface Ev {
      at: string;
      kind: EventKind;
      isPublic: boolean;
      text: string;
      note: string;
      actor: string | null;
    }
    const events: Ev[] = [
      {
        at: draft.receivedAt,
        kind: 'received',
        isPublic: true,
        text: '已收到您的意见，我们将尽快处理。',
        note: '',
        actor: null,
      },
    ];
    let at = draft.receivedAt;
    const step = (minSec: number, maxSec: number): string => {
      at = addSeconds(at, rng.int(minSec, maxSec));
      return at;
    };
    const wantsHold = intended === 'held' || (!draft.forced && rng.chance(0.03));
    if (wantsHold) {
      events.push({
        at: step(3600, 6 * 3600),
        kind: 'held',
        isPublic: false,
        text: '',
        note: rng.pick(['内容含他人个人信息，待核实后处理', '疑似重复提交，待核实']),
        actor: handler,
      });
      if (intended !== 'held')
        events.push({
          at: step(3600, DAY),
          kind: 'released',
          isPublic: false,
          text: '',
          note: '核实无误，恢复处理',
          actor: handler,
        });
    }
    const pathAfter: Status[] =
      intended === 'rejected'
        ? ['rejected']
        : intended === 'triaged'
          ? ['triaged']
          : intended === 'forwarded'
            ? ['triaged', 'forwarded']
            : intended === 'replied' || intended === 'closed'
              ? rng.chance(0.5)
                ? ['triaged', 'forwarded', 'replied']
                : ['triaged', 'replied']
              : [];
    if (intended === 'closed') pathAfter.push('closed');
    let replyText: string | null = null;
    let feedback: { resolved: 'yes' | 'partly' | 'no'; comment: string | null; at: string } | null = null;
    let forwarded = false;
    for (const s of pathAfter) {
      if (s === 'triaged') {
        events.push({
          at: step(DAY / 4, 2 * DAY),
          kind: 'triaged',
          isPublic: true,
          text: `已受理，交由${opinionLayerPublicNames[layer]}办理。`,
          note: `分类：${category.name}`,
          actor: handler,
        });
      } else if (s === 'forwarded') {
        forwarded = true;
        events.push({
          at: step(DAY / 2, 3 * DAY),
          kind: 'forwarded',
          isPublic: true,
          text: `已转交${forwardUnit.name}办理。`,
          note: '',
          actor: handler,
        });
        if (rng.chance(0.5))
          events.push({
            at: step(3600, 2 * DAY),
            kind: 'note',
            isPublic: false,
            text: '',
            note: rng.pick(['已电话联系来信人了解详细情况', '已约请相关代表实地查看', '承办单位已确认接收']),
            actor: handler,
          });
      } else if (s === 'replied') {
        replyText =
          `您好！您反映的“${topic}”问题，经${forwarded ? forwardUnit.name : opinionLayerPublicNames[layer]}核实，` +
          `${rng.pick(['已安排专人现场处理，问题已解决', '已列入下一步工作计划，将于近期实施', '已督促相关单位加强日常管理，并将持续跟踪', '相关情况已向您电话说明'])}。感谢您的关心和支持。`;
        events.push({
          at: step(2 * DAY, 18 * DAY),
          kind: 'replied',
          isPublic: true,
          text: '已答复，请查看答复内容。',
          note: '',
          actor: handler,
        });
        if (rng.chance(0.45)) {
          const fbAt = addSeconds(at, rng.int(DAY / 2, 8 * DAY));
          const resolved = rng.weighted([
            ['yes', 60],
            ['partly', 28],
            ['no', 12],
          ] as const);
          const comment = rng.chance(0.6)
            ? rng.pick([
                '问题已经解决，谢谢！',
                '处理及时，但还需长期坚持。',
                '答复收到，希望尽快落实。',
                '问题仍然存在，希望再看看。',
              ])
            : null;
          // The demo's tracking codes (forced) keep "was it resolved?" open for whoever tries them;
          // the draws above still happen, so every other opinion stays the same whatever the date.
          if (draft.forced) continue;
          feedback = { resolved, comment, at: fbAt };
          events.push({
            at: fbAt,
            kind: 'feedback',
            isPublic: true,
            text: `来信人反馈：${resolved === 'yes' ? '已解决' : resolved === 'partly' ? '部分解决' : '未解决'}`,
            note: comment ?? '',
            actor: null,
          });
          if (fbAt > at) at = fbAt;
        }
      } else if (s === 'closed') {
        events.push({
          at: step(2 * DAY, 12 * DAY),
          kind: 'closed',
          isPublic: true,
          text: '已办结。',
          note: '',
          actor: handler,
        });
      } else if (s === 'rejected') {
        events.push({
          at: step(DAY / 2, 3 * DAY),
          kind: 'rejected',
          isPublic: true,
          text: '经审核，该事项不属于本平台受理范围，建议向有关部门直接反映。',
          note: '超出受理范围',
          actor: handler,
        });
      }
    }
    // Cut everything after the cutoff and derive the status from what happened.
    const kept = events.filter((e) => e.at <= cutoff);
    let status: Status = 'received';
    let firstReplied: string | null = null;
    let triagedAt: string | null = null;
    let isForwarded = false;
    for (const e of kept) {
      if (e.kind === 'held') status = 'held';
      else if (e.kind === 'released') status = 'received';
      else if (e.kind === 'triaged') {
        status = 'triaged';
        triagedAt = e.at;
      } else if (e.kind === 'forwarded') {
        status = 'forwarded';
        isForwarded = true;
      } else if (e.kind === 'replied') {
        status = 'replied';
        firstReplied ??= e.at;
      } else if (e.kind === 'closed') status = 'closed';
      else if (e.kind === 'rejected') status = 'rejected';
    }
    const fb = feedback !== null && firstReplied !== null && feedback.at <= cutoff ? feedback : null;
    const finalEvents = kept.filter((e) => e.kind !== 'feedback' || fb !== null);
    const layerOut: Layer | null = triagedAt === null ? null : isForwarded ? 'handling_unit' : layer;
    const dueOn =
      triagedAt === null
        ? null
        : addDays(receivedDate, layerOut === 'station' || layerOut === 'district' ? 15 : 30);
    t.opinions.add([
      id,
      hashes[index] ?? '',
      targetType,
      deputy?.id ?? null,
      station?.id ?? null,
      status === 'received' || status === 'held' ? (rng.chance(0.5) ? category.id : null) : category.id,
      title.slice(0, 200),
      content.slice(0, 5000),
      status,
      layerOut,
      isForwarded ? forwardUnit.id : null,
      draft.receivedAt,
      dueOn,
      firstReplied,
      firstReplied === null ? null : replyText,
      firstReplied,
      allowPublication ? 1 : 0,
      fb?.resolved ?? null,
      fb?.comment ?? null,
      fb?.at ?? null,
      // Staff showed the reply publicly for most senders who agreed (migration 0008).
      firstReplied !== null && allowPublication && (draft.forced || rng.chance(0.9)) ? 1 : 0,
    ]);
    for (const e of finalEvents)
      t.opinion_events.add([id, e.at, e.kind, e.isPublic ? 1 : 0, e.text, e.note, e.actor]);

    if (draft.forced || rng.chance(0.6)) {
      const eraseAfter = addSeconds(draft.receivedAt, RETENTION_SECONDS);
      const erased = eraseAfter <= cutoff;
      const named = rng.chance(0.7);
      const phone = rng.chance(0.6);
      const name = named ? `${ctx.names.surname()}${rng.pick(['先生', '女士'])}` : null;
      const contact = phone
        ? `1380000${String(rng.int(0, 9999)).padStart(4, '0')}`
        : `resident${String(id).padStart(5, '0')}@example.cn`;
      const erasedAt = erased
        ? (() => {
            const run = utcFromBeijing(addDays(beijingDateOf(eraseAfter), 1), 3 * 3600);
            return run <= cutoff ? run : cutoff;
          })()
        : null;
      t.opinion_contacts.add([
        id,
        erased ? null : name,
        erased ? null : contact,
        erased ? null : phone ? 'phone' : 'email',
        eraseAfter,
        erasedAt,
      ]);
    }
    if (draft.forced && firstReplied !== null) demoTracking.push(codes[index] ?? '');
  });
  return demoTracking;
}
