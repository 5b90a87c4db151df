/**
 * Invented phrases for the demo city's records. Written for this project; every organisation,
 * place and project named here is fictional.
 */

import type { SuggestionCategory } from '#domain/suggestions.ts';

export const CATEGORY_WEIGHTS: readonly (readonly [SuggestionCategory, number])[] = [
  ['economy', 10],
  ['urban_construction', 14],
  ['transport', 12],
  ['environment', 9],
  ['education', 12],
  ['health', 11],
  ['social_security', 10],
  ['agriculture', 7],
  ['culture', 5],
  ['public_safety', 4],
  ['governance', 4],
  ['other', 2],
];

/** Verb-object phrases that read after 关于 ... 的建议. */
export const SUGGESTION_SUBJECTS: Record<SuggestionCategory, readonly string[]> = {
  economy: [
    '优化中小微企业融资服务',
    '支持传统制造业数字化改造',
    '促进夜间消费集聚区建设',
    '完善产业园区配套服务',
    '加大专精特新企业培育力度',
    '规范涉企检查事项',
    '推动跨境电商产业发展',
    '提升营商环境便利度',
  ],
  urban_construction: [
    '加快老旧小区加装电梯',
    '推进城中村有机更新',
    '完善社区停车设施',
    '优化城市排水防涝设施',
    '规范物业服务管理',
    '推进口袋公园建设',
    '加强既有建筑安全排查',
    '完善背街小巷路灯照明',
  ],
  transport: [
    '优化公交线路和站点设置',
    '缓解学校周边上下学时段交通拥堵',
    '增设过街安全设施',
    '完善非机动车道建设',
    '规范共享单车停放',
    '加快公共充电桩建设',
    '改善城乡公交服务',
    '优化轨道交通站点接驳',
  ],
  environment: [
    '加强河道水环境综合治理',
    '推进生活垃圾分类提质',
    '治理餐饮油烟扰民',
    '加强建筑工地扬尘管控',
    '加强城市湿地保护',
    '推进农村生活污水治理',
    '加强噪声污染防治',
    '建设城市绿道网络',
  ],
  education: [
    '扩大普惠性托育服务供给',
    '缓解城区学校大班额问题',
    '加强中小学心理健康教育',
    '推进义务教育优质均衡',
    '完善课后延时服务',
    '改善乡村学校办学条件',
    '深化职业教育产教融合',
    '保障随迁子女就近入学',
  ],
  health: [
    '加强社区卫生服务中心能力建设',
    '优化医院预约挂号服务',
    '推进医养结合',
    '加强基层全科医生队伍建设',
    '完善院前急救网络',
    '扩大家庭医生签约服务',
    '加强精神卫生服务',
    '推进医学检查结果互认',
  ],
  social_security: [
    '完善居家养老服务网络',
    '扩大长期护理保险覆盖面',
    '加强困难群众救助',
    '方便灵活就业人员参保',
    '完善残疾人托养服务',
    '推进社区老年食堂建设',
    '加强退役军人就业服务',
    '优化社保经办服务',
  ],
  agriculture: [
    '加强高标准农田建设',
    '支持农业社会化服务',
    '推进农村道路提档升级',
    '培育特色农产品品牌',
    '完善农村冷链物流设施',
    '壮大村级集体经济',
    '推进数字乡村建设',
    '稳定粮食生产',
  ],
  culture: [
    '加强历史文化街区保护',
    '推进公共文化设施错时开放',
    '丰富基层群众文化活动',
    '推进全民健身设施建设',
    '加强非物质文化遗产传承',
    '推动文旅融合发展',
  ],
  public_safety: [
    '加强电动自行车充电安全管理',
    '完善老旧小区消防设施',
    '加强校园周边食品安全监管',
    '提升防汛应急能力',
    '加强电信网络诈骗防范宣传',
    '推进平安小区建设',
  ],
  governance: [
    '推进政务服务一网通办',
    '切实为基层减负',
    '加强社区工作者队伍建设',
    '完善矛盾纠纷多元调解机制',
    '推进公共数据有序开放',
    '加强法治宣传教育',
  ],
  other: ['加强公共场所母婴室建设', '完善城市无障碍设施', '规范宠物饲养管理', '推进公共厕所提升改造'],
};

export const RECOMMENDATIONS = [
  '加强统筹规划，明确牵头部门和完成时限',
  '加大财政投入，多渠道筹措建设资金',
  '完善考核机制，把群众满意度作为重要指标',
  '开展专项调查，摸清底数和实际需求',
  '借鉴先行地区经验，选择试点稳步推开',
  '加强部门协同，建立定期会商机制',
  '畅通群众反映渠道，及时公开办理进展',
  '加强宣传引导，提高政策知晓率',
  '强化日常监管，建立长效管理机制',
  '加强专业人才队伍建设',
  '运用数字化手段提升管理效率',
  '细化配套政策，明确补助标准和申请流程',
];

export const PROBLEM_SENTENCES = [
  '近年来我市在这方面做了大量工作，但与群众期盼相比仍有差距。',
  '在走访选民时，不少群众反映这一问题，希望尽快解决。',
  '经过调研发现，现有政策落实不够到位，部分措施没有真正落地。',
  '这一问题涉及多个部门，职责交叉，群众诉求往往得不到及时回应。',
  '随着城市人口增长，相关配套设施已明显不能满足需要。',
];

export const C_REASONS = ['用地指标', '资金安排', '现行政策规定', '规划调整', '上级审批权限', '技术条件'];

export const COMMITMENT_ACTIONS = [
  '完成相关点位的改造提升',
  '出台配套实施细则',
  '完成项目立项和资金安排',
  '完成现场排查并建立问题清单',
  '建成并投入使用',
  '组织开展专项整治行动',
  '完成方案编制并征求代表意见',
  '完成设施采购和安装',
];

export type ActivityType =
  | 'session_meeting'
  | 'standing_committee_attendance'
  | 'law_enforcement_inspection'
  | 'inspection_visit'
  | 'research'
  | 'group_activity'
  | 'reception_day'
  | 'training'
  | 'other';

export const LAWS = [
  '《中华人民共和国食品安全法》',
  '《中华人民共和国大气污染防治法》',
  '《中华人民共和国安全生产法》',
  '《中华人民共和国义务教育法》',
  '《中华人民共和国老年人权益保障法》',
  '《中华人民共和国水污染防治法》',
  '《星澜市物业管理条例》',
  '《星澜市文明行为促进条例》',
  '《星澜市河道管理条例》',
  '《星澜市养犬管理条例》',
];

export const VISIT_PROJECTS = [
  '老旧小区改造项目',
  '城市防洪排涝工程',
  '民生实事项目推进情况',
  '农村饮用水提标工程',
  '养老服务中心建设情况',
  '新建学校工程进度',
  '农贸市场改造提升项目',
  '城市绿道建设',
  '产业园区建设情况',
  '公立医院改革情况',
];

export const GROUP_ACTIVITIES = [
  '集中视察活动',
  '专题座谈会',
  '联系选民活动',
  '学习交流会',
  '履职情况通报会',
];

export const TRAININGS = [
  '人大代表履职学习培训班',
  '代表履职能力提升专题培训',
  '代表建议撰写专题培训',
  '预算审查监督专题培训',
  '线上履职学习课程',
];

export const OTHER_ACTIVITIES = [
  '参加法院庭审旁听活动',
  '参加检察开放日活动',
  '参加政府部门工作评议',
  '参加民生实事项目征集座谈会',
  '参加预算草案初步审查座谈会',
  '参加立法意见征询座谈会',
  '参加代表建议办理面商会',
];

export const RECEPTION_TOPICS = [
  '综合接待',
  '听取群众对老旧小区改造的意见',
  '民生实事项目候选项目征集',
  '听取对政府工作报告的意见建议',
  '物业管理问题专题接待',
  '养老服务专题接待',
  '交通出行专题接待',
  '教育医疗专题接待',
  '生态环境专题接待',
];

export const OPENING_HOURS = [
  '周一至周五 8:30-11:30，14:00-17:00；每月接待日另行公告',
  '工作日 9:00-11:30，14:30-17:00；节假日闭站',
  '周二、周四 9:00-11:30；每月接待日 9:00-11:30',
  '周一至周六 8:30-17:00（午间不休）',
];

export const REPORT_SECTIONS = {
  law_observance: [
    '本人认真学习宪法和法律法规，自觉遵守代表法的各项规定，严格依法履行代表职责。',
    '积极参加常委会组织的代表学习培训，不断提高依法履职的能力。',
    '在本职工作中带头守法用法，自觉接受原选举单位和人民群众的监督。',
    '坚持把维护宪法和法律权威作为履职的基本要求，积极参与普法宣传。',
    '履职期间未利用代表身份谋取个人利益。',
    '认真落实代表联系群众制度，按照规定报告履职情况。',
  ],
  session_work: [
    '按时出席人民代表大会会议，认真审议各项报告，依法行使表决权。',
    '在分组审议中结合调研情况作了发言，相关意见被会议简报刊发。',
    '认真参加民生实事项目代表票决，按照选民意愿投票。',
    '对所提建议的办理情况进行跟踪，多次与承办单位沟通。',
    '会前深入选区听取意见，为审议和提出建议做好准备。',
  ],
  between_sessions_work: [
    '参加执法检查和专题视察活动，提出意见建议若干条。',
    '参加代表小组活动，围绕群众关心的问题开展专题调研，形成调研报告一篇。',
    '列席常委会会议，就有关议题提出审议意见。',
    '参加代表履职学习培训，进一步提高履职能力。',
    '参加民生实事项目实施情况的监督和年终评议。',
  ],
  public_contact: [
    '通过走访、座谈等方式联系原选区选民，了解群众关心的热点难点问题。',
    '对群众反映的问题，及时转交有关部门办理并跟踪反馈。',
    '利用代表联络站线上平台，回复群众留言。',
    '定期进站接待选民，耐心听取群众意见。',
    '在社区公开联系方式，方便群众随时反映情况。',
  ],
  other_matters: [
    '结合本职工作，积极参与志愿服务和公益活动。',
    '今后将继续加强学习，密切联系群众，更好地履行代表职责。',
    '履职中还存在联系群众不够广泛等不足，今后将认真改进。',
    '带头参与所在社区的环境整治和文明创建活动。',
  ],
} as const;

export const OPINION_CATEGORIES: readonly { id: string; name: string }[] = [
  { id: 'urban_management', name: '城市管理' },
  { id: 'transport', name: '交通出行' },
  { id: 'education', name: '教育' },
  { id: 'health', name: '医疗卫生' },
  { id: 'elderly_care', name: '养老服务' },
  { id: 'environment', name: '生态环境' },
  { id: 'social_security', name: '社会保障' },
  { id: 'housing', name: '住房与物业' },
  { id: 'public_safety', name: '公共安全' },
  { id: 'employment', name: '就业创业' },
  { id: 'other', name: '其他' },
];

export const OPINION_TOPICS: Record<string, readonly string[]> = {
  urban_management: [
    '小区门口占道经营',
    '夜间施工噪音扰民',
    '共享单车乱停放',
    '路灯长期不亮',
    '垃圾清运不及时',
    '户外广告牌存在安全隐患',
  ],
  transport: ['公交班次间隔过长', '学校门口接送拥堵', '路口缺少信号灯', '人行道被车辆占用', '道路坑洼积水'],
  education: ['小区配套幼儿园迟迟未开办', '课后托管收费不透明', '学校周边交通安全', '入学划片调整'],
  health: ['社区卫生服务中心药品不全', '医院周边停车难', '家庭医生签约服务不到位', '夜间急诊等候时间长'],
  elderly_care: ['老年食堂就餐不便', '老旧小区缺少适老化设施', '居家养老上门服务少', '老年活动室开放时间短'],
  environment: ['河道有异味', '餐饮油烟扰民', '工地扬尘', '绿化带被毁种菜'],
  social_security: ['医保异地结算手续繁琐', '灵活就业人员参保咨询', '残疾人补贴申领', '低保审核进度'],
  housing: ['老旧小区屋顶漏水', '物业服务质量差', '公租房维修不及时', '加装电梯协调困难'],
  public_safety: ['电动车楼道充电', '消防通道被占用', '小区监控损坏', '低洼路段防汛设施不足'],
  employment: ['高校毕业生就业指导', '创业补贴申请流程', '技能培训信息不畅'],
  other: ['公共场所缺少母婴室', '无障碍通道被占用', '宠物扰民'],
};

export const OPINION_IMPACTS = [
  '给周边居民生活带来不便',
  '存在一定安全隐患',
  '多次反映仍未解决',
  '居民意见较大',
  '影响了正常的工作和生活',
];

/** Handling units an opinion of each category is forwarded to. */
export const OPINION_UNITS: Record<string, readonly string[]> = {
  urban_management: ['dept-urban-management'],
  transport: ['dept-transport', 'ent-bus', 'dept-public-security'],
  education: ['dept-education'],
  health: ['dept-health', 'dept-medical-insurance'],
  elderly_care: ['dept-civil-affairs'],
  environment: ['dept-environment', 'dept-water'],
  social_security: ['dept-hr', 'dept-medical-insurance', 'dept-civil-affairs'],
  housing: ['dept-housing'],
  public_safety: ['dept-emergency', 'dept-public-security'],
  employment: ['dept-hr'],
  other: ['dept-civil-affairs', 'dept-urban-management'],
};

export const OPINION_REQUESTS = [
  '尽快派人实地查看并解决',
  '加强日常巡查和管理',
  '明确责任部门，给个答复',
  '统筹考虑，列入改造计划',
  '听取居民意见后再作决定',
];

export const DURATIONS = ['一个多月', '半年左右', '两三个月', '一年多', '好几周'];

/** Candidate projects; {n} is filled from the entry's own figures. */
export const PROJECT_POOL: readonly { title: string; unit: string; n: readonly number[] }[] = [
  { title: '新增公共停车泊位{n}个', unit: 'dept-urban-management', n: [2000, 3000, 5000] },
  { title: '改造老旧小区{n}个', unit: 'dept-housing', n: [30, 45, 60] },
  { title: '新建社区老年食堂{n}家', unit: 'dept-civil-affairs', n: [20, 30, 40] },
  { title: '建设口袋公园{n}个', unit: 'dept-urban-management', n: [10, 15, 20] },
  { title: '新增普惠托育托位{n}个', unit: 'dept-health', n: [600, 800, 1000] },
  { title: '提升改造农村公路{n}公里', unit: 'dept-transport', n: [80, 100, 150] },
  { title: '新建城市绿道{n}公里', unit: 'dept-natural-resources', n: [30, 50, 60] },
  { title: '改造提升农贸市场{n}家', unit: 'dept-commerce', n: [8, 10, 12] },
  { title: '为{n}万名老年人开展免费健康体检', unit: 'dept-health', n: [5, 8, 10] },
  { title: '新建改建公共厕所{n}座', unit: 'dept-urban-management', n: [40, 60, 80] },
  { title: '新增电动自行车充电端口{n}个', unit: 'dept-emergency', n: [10000, 20000, 30000] },
  { title: '实施城市排水防涝工程{n}处', unit: 'dept-water', n: [8, 12, 15] },
  { title: '开展中小学生心理健康关爱行动（覆盖{n}所学校）', unit: 'dept-education', n: [100, 150, 200] },
  { title: '新建改扩建中小学校{n}所', unit: 'dept-education', n: [3, 5, 6] },
  { title: '建设社区健身场地{n}处', unit: 'dept-sports', n: [50, 80, 100] },
  { title: '实施背街小巷改造提升{n}条', unit: 'dept-housing', n: [40, 50, 80] },
  { title: '新增公共充电桩{n}个', unit: 'dept-development', n: [800, 1000, 1500] },
  { title: '建设社区嵌入式服务设施{n}处', unit: 'dept-civil-affairs', n: [10, 15, 20] },
  { title: '实施农村饮用水提标工程（惠及{n}万人）', unit: 'dept-water', n: [3, 5, 8] },
  { title: '建设残疾人康复服务点{n}个', unit: 'dept-civil-affairs', n: [6, 8, 10] },
  { title: '更新改造老旧电梯{n}台', unit: 'dept-market', n: [150, 200, 300] },
  { title: '新开优化城区公交线路{n}条', unit: 'dept-transport', n: [8, 10, 12] },
  { title: '建设城市书房{n}家', unit: 'dept-culture', n: [15, 20, 25] },
  { title: '开展河道综合治理{n}公里', unit: 'dept-water', n: [20, 30, 40] },
  { title: '改造提升中小学食堂{n}所', unit: 'dept-education', n: [20, 30, 40] },
  { title: '为困难家庭免费安装燃气报警器{n}户', unit: 'dept-emergency', n: [3000, 5000, 8000] },
];

export const MILESTONES = [
  '完成项目方案和资金安排',
  '完成招标采购',
  '完成年度工程量的一半',
  '完工并通过验收',
];
