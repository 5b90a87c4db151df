/**
 * Invented names for the demo city 星澜市: people, places, organisations.
 * Person names combine a common surname with two given-name characters chosen from a literary
 * pool; they are random combinations and not meant to refer to anyone.
 */

import type { Rng } from './random.ts';

const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 9],
  ['李', 9],
  ['张', 8],
  ['刘', 7],
  ['陈', 7],
  ['杨', 5],
  ['黄', 4],
  ['赵', 4],
  ['吴', 4],
  ['周', 4],
  ['徐', 3],
  ['孙', 3],
  ['马', 3],
  ['朱', 3],
  ['胡', 3],
  ['郭', 3],
  ['何', 3],
  ['高', 3],
  ['林', 3],
  ['罗', 2],
  ['郑', 2],
  ['梁', 2],
  ['谢', 2],
  ['宋', 2],
  ['唐', 2],
  ['许', 2],
  ['韩', 2],
  ['冯', 2],
  ['邓', 2],
  ['曹', 2],
  ['彭', 2],
  ['曾', 2],
  ['肖', 2],
  ['田', 2],
  ['董', 2],
  ['袁', 2],
  ['潘', 2],
  ['蒋', 2],
  ['蔡', 2],
  ['余', 2],
  ['杜', 2],
  ['叶', 2],
  ['程', 2],
  ['苏', 2],
  ['魏', 2],
  ['吕', 1],
  ['丁', 1],
  ['任', 1],
  ['沈', 1],
  ['姚', 1],
  ['卢', 1],
  ['姜', 1],
  ['崔', 1],
  ['钟', 1],
  ['谭', 1],
  ['陆', 1],
  ['汪', 1],
  ['范', 1],
  ['金', 1],
  ['石', 1],
  ['廖', 1],
  ['贾', 1],
  ['夏', 1],
  ['方', 1],
  ['白', 1],
  ['邹', 1],
  ['孟', 1],
  ['熊', 1],
  ['秦', 1],
  ['邱', 1],
  ['江', 1],
  ['尹', 1],
  ['薛', 1],
  ['段', 1],
  ['雷', 1],
  ['侯', 1],
  ['龙', 1],
  ['史', 1],
  ['陶', 1],
  ['黎', 1],
  ['贺', 1],
  ['顾', 1],
  ['毛', 1],
  ['龚', 1],
  ['邵', 1],
  ['万', 1],
  ['钱', 1],
  ['严', 1],
  ['戴', 1],
  ['孔', 1],
  ['汤', 1],
  ['柯', 1],
  ['应', 1],
  ['楼', 1],
  ['童', 1],
  ['翁', 1],
  ['欧阳', 0.5],
  ['诸葛', 0.2],
];

const GIVEN_MALE = Array.from(
  '澜川岳屹钧彦骁霖泓铭岩峻晟恺朗炜煜睿哲舟杭翊崇砚琛珩枫濠嵩沛淞涵渊昊晗曜烁靖瀚弈轩',
);
const GIVEN_FEMALE = Array.from('蔚岚瑶婧璇沁芷蕙菁琳玥漪婉萱黛莞绮缃霏雯筠韵湘滢茵曦珂棠薇苓妍桐');
const GIVEN_ANY = Array.from('文清宁安嘉思若书子一星雨云景明悦言予知亦南北远乐和');

export type Gender = 'male' | 'female';

/** Unique, deterministic person names. */
export class NameGen {
  readonly #rng: Rng;
  readonly #used = new Set<string>();

  constructor(rng: Rng) {
    this.#rng = rng;
  }

  person(gender: Gender): string {
    const own = gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
    for (let attempt = 0; attempt < 200; attempt++) {
      const surname = this.#rng.weighted(SURNAMES);
      const first = this.#rng.chance(0.4) ? this.#rng.pick(GIVEN_ANY) : this.#rng.pick(own);
      const second = this.#rng.pick(own);
      if (first === second) continue;
      const name = surname + first + second;
      if (!this.#used.has(name)) {
        this.#used.add(name);
        return name;
      }
    }
    throw new Error('name pool exhausted');
  }

  /** A surname alone, for '王先生' style sender names. */
  surname(): string {
    return this.#rng.weighted(SURNAMES);
  }
}

export const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['汉族', 90],
  ['畲族', 3],
  ['回族', 2],
  ['满族', 1.5],
  ['苗族', 1],
  ['土家族', 1],
  ['壮族', 1],
  ['蒙古族', 0.5],
];

export const AFFILIATIONS: readonly (readonly [string, number])[] = [
  ['中共党员', 62],
  ['群众', 16],
  ['民盟盟员', 3],
  ['民建会员', 3],
  ['民进会员', 3],
  ['农工党党员', 2],
  ['致公党党员', 2],
  ['九三学社社员', 3],
  ['无党派人士', 6],
];

/** The eight invented districts of 星澜市; the first one is described street by street. */
export const DISTRICTS: readonly { id: string; name: string; lat: number; lng: number; weight: number }[] = [
  { id: 'wangchuan', name: '望川区', lat: 29.612, lng: 119.648, weight: 20 },
  { id: 'landong', name: '澜东区', lat: 29.634, lng: 119.712, weight: 14 },
  { id: 'lanxi', name: '澜西区', lat: 29.598, lng: 119.581, weight: 13 },
  { id: 'luzhou', name: '鹭洲区', lat: 29.671, lng: 119.664, weight: 11 },
  { id: 'qingfeng', name: '青枫区', lat: 29.553, lng: 119.693, weight: 11 },
  { id: 'qifeng', name: '栖凤区', lat: 29.702, lng: 119.601, weight: 10 },
  { id: 'yundu', name: '云渡区', lat: 29.521, lng: 119.622, weight: 9 },
  { id: 'mingsha', name: '明沙区', lat: 29.574, lng: 119.771, weight: 9 },
];

/** Streets (街道) and townships (镇) of 望川区. */
export const WANGCHUAN_STREETS: readonly { id: string; name: string }[] = [
  { id: 'chuandong', name: '川东街道' },
  { id: 'chuanxi', name: '川西街道' },
  { id: 'wanghu', name: '望湖街道' },
  { id: 'xingyuan', name: '星沅街道' },
  { id: 'liuan', name: '柳岸街道' },
  { id: 'wenlan', name: '文澜街道' },
  { id: 'qiaonan', name: '桥南街道' },
  { id: 'yunlu', name: '云麓街道' },
];
export const WANGCHUAN_TOWNSHIPS: readonly { id: string; name: string }[] = [
  { id: 'chengxi', name: '澄溪镇' },
  { id: 'shidu', name: '石渡镇' },
  { id: 'fengling', name: '枫岭镇' },
];

const STREET_FIRST = Array.from('东西南北新中青白金玉锦翠长安宁平春和');
const STREET_SECOND = Array.from('湖桥山江园港城塘湾洲川林浦屿');
const COMMUNITY_FIRST = Array.from('柳桂梅竹兰松榕枫荷杏桃槐杉樟芦菱莲芷桐蒲');
const COMMUNITY_SECOND = Array.from('湾苑园坊桥塘溪浦岸巷里庄坪墩岭亭');
const VILLAGE_FIRST = Array.from('上下前后东西南北大小高');
const VILLAGE_SECOND = Array.from('塘坑畈坞源岙埠垄湾桥溪洋');
const ROAD_FIRST = Array.from('文澜星川望湖柳云桥锦学府新安和兴平');
const ROAD_SECOND = Array.from('澜川湖河林园兴安和平华明');

/** Names unique within one scope (e.g. one district). */
export class PlaceNames {
  readonly #rng: Rng;
  readonly #used = new Set<string>();

  constructor(rng: Rng) {
    this.#rng = rng;
  }

  #unique(make: () => string): string {
    for (let attempt = 0; attempt < 500; attempt++) {
      const name = make();
      if (!this.#used.has(name)) {
        this.#used.add(name);
        return name;
      }
    }
    throw new Error('place name pool exhausted');
  }

  street(): string {
    return this.#unique(() => this.#rng.pick(STREET_FIRST) + this.#rng.pick(STREET_SECOND) + '街道');
  }

  community(): string {
    return this.#unique(() => this.#rng.pick(COMMUNITY_FIRST) + this.#rng.pick(COMMUNITY_SECOND) + '社区');
  }

  village(): string {
    return this.#unique(() => this.#rng.pick(VILLAGE_FIRST) + this.#rng.pick(VILLAGE_SECOND) + '村');
  }
}

export function roadName(rng: Rng): string {
  return rng.pick(ROAD_FIRST) + rng.pick(ROAD_SECOND) + rng.pick(['路', '路', '街', '大道']);
}

const COMPANY_WORDS = [
  '汇川',
  '澜亿',
  '星耀',
  '云帆',
  '川泽',
  '鼎和',
  '恒澜',
  '望江',
  '锦程',
  '瑞丰',
  '沅通',
  '岚峰',
  '禾盛',
  '桥源',
  '众澜',
  '德沅',
  '嘉川',
  '启航',
  '明澜',
  '润泽',
];
const INDUSTRIES = [
  '精密机械',
  '新材料',
  '电子科技',
  '食品',
  '纺织',
  '物流',
  '建设工程',
  '生物医药',
  '数字科技',
  '农业开发',
  '文化传媒',
  '环保科技',
  '智能装备',
  '茶业',
];

export function companyName(rng: Rng): string {
  return `星澜${rng.pick(COMPANY_WORDS)}${rng.pick(INDUSTRIES)}有限公司`;
}

export function lawFirmName(rng: Rng): string {
  return `星澜${rng.pick(COMPANY_WORDS)}律师事务所`;
}

export const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Chinese numeral for 1..99 (十六, 二十三). */
export function chineseNumber(n: number): string {
  if (n <= 0 || n >= 100) return String(n);
  if (n <= 10) return ORDINALS[n - 1] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (ORDINALS[tens - 1] ?? '')}十${ones === 0 ? '' : (ORDINALS[ones - 1] ?? '')}`;
}
