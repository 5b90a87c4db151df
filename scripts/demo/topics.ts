/**
 * What the demo city's motions and suggestions are about, one entry per concrete topic, so that a
 * title, its body, its handling unit and its reply all speak of the same thing. Written for this
 * project; the places are filled in from the demo city's own areas.
 */

import type { SuggestionCategory } from '#domain/suggestions.ts';

/** Where a suggestion's topic sits: a community (or village), a street or township, a district. */
export type PlaceScope = 'community' | 'street' | 'district' | 'village';

export interface SuggestionTopic {
  /** The concrete object, named in the title and the body, e.g. 老旧小区加装电梯. */
  object: string;
  /** Verbs that open the title before the place. */
  actions: readonly string[];
  scope: PlaceScope;
  /** Lead handling unit id: the department whose field the topic is. */
  unit: string;
  /** Predicates that follow "<place><object>" and state the problem. */
  problems: readonly string[];
  /** Concrete recommendations for this topic. */
  recommendations: readonly string[];
}

/**
 * The handling units of each field, main unit first. A suggestion's lead unit is one of its
 * category's units; the test of the demo data holds the generator to this.
 */
export const FIELD_UNITS: Record<SuggestionCategory, readonly string[]> = {
  economy: [
    'dept-development',
    'dept-economy',
    'dept-commerce',
    'dept-market',
    'dept-finance',
    'dept-science',
  ],
  urban_construction: ['dept-housing', 'dept-natural-resources', 'dept-urban-management', 'ent-water'],
  transport: ['dept-transport', 'dept-public-security', 'ent-bus', 'dept-urban-management'],
  environment: ['dept-environment', 'dept-water', 'dept-urban-management', 'dept-natural-resources'],
  education: ['dept-education'],
  health: ['dept-health', 'dept-medical-insurance'],
  social_security: ['dept-civil-affairs', 'dept-hr', 'dept-medical-insurance', 'dept-veterans'],
  agriculture: ['dept-agriculture', 'dept-water', 'dept-transport'],
  culture: ['dept-culture', 'dept-sports'],
  public_safety: ['dept-emergency', 'dept-public-security', 'dept-market', 'procuratorate-xinglan'],
  governance: ['dept-civil-affairs', 'dept-data', 'dept-justice', 'court-xinglan'],
  other: ['dept-civil-affairs', 'dept-urban-management', 'dept-housing'],
};

export const SUGGESTION_TOPICS: Record<SuggestionCategory, readonly SuggestionTopic[]> = {
  economy: [
    {
      object: '小微企业首贷服务',
      actions: ['优化', '改进'],
      scope: 'district',
      unit: 'dept-finance',
      problems: [
        '覆盖面不广，不少初创企业因缺少抵押物贷不到款',
        '审批环节多，企业从申请到放款平均要一个多月',
      ],
      recommendations: [
        '扩大政府性融资担保基金规模，降低担保费率',
        '在各区政务服务中心设立首贷服务窗口',
        '建立银行首贷投放考核激励机制',
      ],
    },
    {
      object: '传统制造企业数字化改造',
      actions: ['支持', '加快'],
      scope: 'district',
      unit: 'dept-economy',
      problems: ['推进较慢，中小企业普遍“不敢转、不会转”', '补助门槛偏高，规模以下企业难以享受政策'],
      recommendations: [
        '编制分行业数字化改造指南和典型案例',
        '对规模以下企业改造项目给予设备投资补助',
        '组织服务商开展上门诊断',
      ],
    },
    {
      object: '夜间消费街区',
      actions: ['培育', '规范提升'],
      scope: 'street',
      unit: 'dept-commerce',
      problems: ['业态单一、配套不足，夜间客流留不住', '停车和公厕不足，周边居民对噪声也有意见'],
      recommendations: [
        '统筹布局夜间消费业态，引入特色餐饮和文化演出',
        '延长街区周边公交末班时间并增设临时停车位',
        '划定经营时段和噪声管控要求',
      ],
    },
    {
      object: '产业园区配套服务',
      actions: ['完善', '补齐'],
      scope: 'district',
      unit: 'dept-development',
      problems: ['短板明显，员工食堂、公寓和通勤班车都不够', '与园区企业用工规模不匹配，招工留人困难'],
      recommendations: [
        '在园区规划建设人才公寓和员工食堂',
        '开通园区通勤定制公交',
        '设立园区一站式企业服务中心',
      ],
    },
    {
      object: '涉企行政检查',
      actions: ['规范', '减少'],
      scope: 'district',
      unit: 'dept-market',
      problems: ['频次偏高，不同部门重复进企检查的情况仍然存在', '标准不统一，企业反映无所适从'],
      recommendations: [
        '推行“综合查一次”，统筹制定年度检查计划',
        '公布涉企检查事项清单',
        '对守法记录良好的企业减少抽查比例',
      ],
    },
    {
      object: '农贸市场改造提升',
      actions: ['加快', '推进'],
      scope: 'street',
      unit: 'dept-commerce',
      problems: ['进展不一，部分市场地面湿滑、排水不畅', '改造后摊位费上涨，经营户负担加重'],
      recommendations: [
        '制定农贸市场改造提升年度计划并向社会公布',
        '改造期间设置临时过渡市场',
        '对改造后摊位租金实行指导价',
      ],
    },
  ],
  urban_construction: [
    {
      object: '老旧小区加装电梯',
      actions: ['加快', '推进'],
      scope: 'community',
      unit: 'dept-housing',
      problems: ['进展缓慢，部分楼栋因低层住户意见不一迟迟未能开工', '审批手续多，管线迁移费用高'],
      recommendations: [
        '简化加装电梯审批流程，推行联合审查',
        '由社区牵头组织业主协商，引入第三方调解',
        '对管线迁移费用给予专项补助',
      ],
    },
    {
      object: '老旧小区改造',
      actions: ['加快', '统筹推进'],
      scope: 'community',
      unit: 'dept-housing',
      problems: [
        '改造内容与居民需求不完全一致，雨污分流等地下工程被放在后面',
        '施工组织不够精细，改造期间出行不便',
      ],
      recommendations: [
        '改造方案公示前逐户征求居民意见',
        '优先实施雨污分流、屋面防水等基础类项目',
        '建立居民代表参与的质量监督小组',
      ],
    },
    {
      object: '社区停车设施',
      actions: ['完善', '增设'],
      scope: 'community',
      unit: 'dept-urban-management',
      problems: ['严重不足，夜间车辆占用消防通道的情况时有发生', '缺口较大，周边道路违停问题突出'],
      recommendations: [
        '利用周边边角地建设立体停车设施',
        '推动机关和学校停车场夜间向居民错时开放',
        '施划夜间临时停车泊位',
      ],
    },
    {
      object: '排水防涝设施',
      actions: ['改造', '提升'],
      scope: 'street',
      unit: 'dept-housing',
      problems: ['标准偏低，每逢强降雨低洼路段积水严重', '管网老化，雨水倒灌进入地下车库'],
      recommendations: [
        '对易涝点逐一建档并限期改造',
        '更新扩容老旧雨水管网',
        '在低洼路段设置积水监测和警示设施',
      ],
    },
    {
      object: '物业服务管理',
      actions: ['规范', '加强'],
      scope: 'community',
      unit: 'dept-housing',
      problems: ['质价不符，业主与物业企业矛盾较多', '公共收益不公开，业主意见较大'],
      recommendations: [
        '推行物业服务事项和收费标准公示',
        '定期公开公共收益收支情况',
        '将物业服务纳入社区党组织评价',
      ],
    },
    {
      object: '口袋公园',
      actions: ['建设', '增设'],
      scope: 'street',
      unit: 'dept-natural-resources',
      problems: ['数量少、分布不均，老人孩子就近休闲去处不多', '建设用地难落实，现有绿地缺少座椅和遮阴'],
      recommendations: [
        '梳理闲置地块，优先建设口袋公园',
        '增设座椅、遮阴和儿童游乐设施',
        '建设前征求周边居民意见',
      ],
    },
    {
      object: '背街小巷路灯照明',
      actions: ['完善', '改善'],
      scope: 'street',
      unit: 'dept-urban-management',
      problems: ['缺失较多，夜间出行存在安全隐患', '部分路灯长期损坏，报修后迟迟得不到处理'],
      recommendations: ['开展路灯照明专项排查并建立台账', '对缺失路段限期补装', '公布报修渠道和维修时限'],
    },
    {
      object: '老旧供水管网',
      actions: ['改造', '更新'],
      scope: 'community',
      unit: 'ent-water',
      problems: ['锈蚀严重，高峰时段水压不足、水色发黄', '漏损率高，经常爆管停水'],
      recommendations: [
        '把老旧供水管网改造与老旧小区改造同步实施',
        '停水前提前三天通知居民并安排临时供水',
        '公开管网改造计划和进度',
      ],
    },
    {
      object: '城中村有机更新',
      actions: ['推进', '稳妥推进'],
      scope: 'street',
      unit: 'dept-natural-resources',
      problems: ['规划滞后，消防和排水隐患长期存在', '推进中群众参与不够，补偿安置政策不够明确'],
      recommendations: [
        '编制城中村更新专项规划',
        '先行实施消防通道和排水管网等应急改造',
        '公开补偿安置政策并听取村民意见',
      ],
    },
  ],
  transport: [
    {
      object: '公交线路和站点',
      actions: ['优化', '调整'],
      scope: 'street',
      unit: 'ent-bus',
      problems: ['覆盖不足，居民到最近站点需步行一公里以上', '班次间隔长，早晚高峰候车时间过久'],
      recommendations: ['开通连接地铁站的社区微循环公交', '加密早晚高峰班次', '在新建小区周边增设公交站点'],
    },
    {
      object: '学校周边交通秩序',
      actions: ['整治', '改善'],
      scope: 'street',
      unit: 'dept-public-security',
      problems: [
        '较差，上下学时段接送车辆占道，道路严重拥堵',
        '缺少接送车辆临时停靠区，学生过马路存在安全隐患',
      ],
      recommendations: [
        '在上下学时段增派交警和护学岗',
        '设置接送车辆即停即走临时停靠区',
        '在学校门口路段施划彩色警示标线',
      ],
    },
    {
      object: '过街安全设施',
      actions: ['增设', '完善'],
      scope: 'street',
      unit: 'dept-public-security',
      problems: ['缺失，行人横穿主干道现象普遍', '信号灯配时不合理，老人过街时间不够'],
      recommendations: [
        '在人流密集路段增设人行横道和信号灯',
        '优化行人过街信号配时',
        '在宽马路中央设置二次过街安全岛',
      ],
    },
    {
      object: '非机动车道',
      actions: ['完善', '改造'],
      scope: 'district',
      unit: 'dept-transport',
      problems: ['不连续，部分路段被机动车停车占用', '宽度不足，机非混行事故隐患大'],
      recommendations: ['对断头非机动车道逐段打通', '设置机非隔离设施', '加强占用非机动车道停车的执法'],
    },
    {
      object: '公共充电桩',
      actions: ['加快建设', '合理布局'],
      scope: 'district',
      unit: 'dept-transport',
      problems: ['数量不足、布局不均，老旧小区居民充电难', '故障桩较多，维护不及时'],
      recommendations: [
        '把公共充电桩纳入城市停车设施建设规划',
        '在老旧小区周边公共停车场配建充电设施',
        '建立充电桩运营维护考核机制',
      ],
    },
    {
      object: '共享单车停放',
      actions: ['规范', '加强管理'],
      scope: 'street',
      unit: 'dept-urban-management',
      problems: ['无序，地铁口和商圈周边堆放严重', '占用盲道和人行道，影响行人通行'],
      recommendations: [
        '在地铁口和商圈周边施划停放区',
        '要求运营企业落实电子围栏和调度责任',
        '对违规停放实行信用扣分',
      ],
    },
  ],
  environment: [
    {
      object: '河道水环境',
      actions: ['综合治理', '改善'],
      scope: 'district',
      unit: 'dept-water',
      problems: ['仍不稳定，部分支流夏季发黑发臭', '沿河排口没有完全截污，雨后水质明显变差'],
      recommendations: [
        '对沿河排口开展溯源排查并逐一整治',
        '加快截污纳管和生态补水工程',
        '落实河长巡河和水质公开制度',
      ],
    },
    {
      object: '生活垃圾分类',
      actions: ['提升', '深化'],
      scope: 'community',
      unit: 'dept-urban-management',
      problems: ['投放准确率不高，分类后混装混运现象仍有发生', '投放点设置不合理，居民投放不便'],
      recommendations: [
        '优化定时定点投放点位并加装洗手设施',
        '公开分类收运车辆路线和时间',
        '开展入户宣传和志愿者督导',
      ],
    },
    {
      object: '餐饮油烟扰民',
      actions: ['治理', '整治'],
      scope: 'community',
      unit: 'dept-environment',
      problems: ['问题突出，底商餐饮店油烟直排影响楼上住户', '反复投诉，净化设施清洗维护不到位'],
      recommendations: [
        '对底商餐饮油烟净化设施开展专项检查',
        '推行油烟在线监测',
        '在新建住宅规划中预留专用烟道',
      ],
    },
    {
      object: '建筑工地扬尘',
      actions: ['管控', '加强治理'],
      scope: 'street',
      unit: 'dept-environment',
      problems: ['管控不严，渣土车带泥上路', '夜间违规施工，周边居民反映强烈'],
      recommendations: [
        '推行工地扬尘在线监测并向社会公开',
        '加强渣土车辆运输过程监管',
        '严格夜间施工审批并公示',
      ],
    },
    {
      object: '城市湿地',
      actions: ['保护', '修复'],
      scope: 'district',
      unit: 'dept-natural-resources',
      problems: ['面积减少，周边开发对湿地生态造成影响', '管理职责不清，垃圾倾倒时有发生'],
      recommendations: ['划定湿地保护范围并设立界标', '明确湿地管理机构和职责', '开展湿地生态修复和科普宣传'],
    },
    {
      object: '噪声污染',
      actions: ['防治', '治理'],
      scope: 'street',
      unit: 'dept-environment',
      problems: ['投诉较多，高架路和夜间施工噪声影响居民休息', '监测点位不足，执法取证困难'],
      recommendations: ['在噪声敏感路段加装声屏障', '增设噪声自动监测点位', '建立噪声投诉快速处置机制'],
    },
    {
      object: '城市绿道',
      actions: ['建设', '贯通'],
      scope: 'district',
      unit: 'dept-natural-resources',
      problems: ['断点较多，骑行和步行难以连续', '配套驿站和公厕不足'],
      recommendations: [
        '编制绿道贯通计划，逐段打通断点',
        '沿线增设驿站、公厕和饮水点',
        '把绿道建设与河道整治统筹实施',
      ],
    },
  ],
  education: [
    {
      object: '普惠性幼儿园学位',
      actions: ['扩大', '增加'],
      scope: 'street',
      unit: 'dept-education',
      problems: ['供给不足，新建小区配套幼儿园迟迟未移交', '缺口较大，适龄儿童入园要跨街道'],
      recommendations: [
        '督促新建小区配套幼儿园按时移交并举办为公办园',
        '通过购买服务扩大普惠性学位',
        '向社会公布学位供需情况',
      ],
    },
    {
      object: '小学大班额',
      actions: ['化解', '缓解'],
      scope: 'street',
      unit: 'dept-education',
      problems: ['问题仍然存在，部分班级超过50人', '随人口增长加剧，校舍和师资都跟不上'],
      recommendations: ['加快新建和改扩建学校项目', '科学划分学区并提前公布', '按标准补足教师编制'],
    },
    {
      object: '中小学心理健康教育',
      actions: ['加强', '完善'],
      scope: 'district',
      unit: 'dept-education',
      problems: ['力量薄弱，专职心理教师配备不足', '家校协同不够，学生心理问题发现不及时'],
      recommendations: [
        '按标准配备专职心理健康教师',
        '建立学生心理健康筛查和转介机制',
        '面向家长开设心理健康课程',
      ],
    },
    {
      object: '课后延时服务',
      actions: ['完善', '提升'],
      scope: 'district',
      unit: 'dept-education',
      problems: ['内容单一，多以看管和写作业为主', '教师负担较重，服务质量难以保证'],
      recommendations: [
        '引入体育、艺术、科技等课程资源',
        '对参与延时服务的教师给予补助',
        '公开服务内容和收费标准',
      ],
    },
    {
      object: '乡村学校办学条件',
      actions: ['改善', '提升'],
      scope: 'district',
      unit: 'dept-education',
      problems: ['仍有差距，部分学校运动场地和功能教室不达标', '教师流失较多，骨干教师留不住'],
      recommendations: ['实施乡村学校运动场和功能教室改造', '提高乡村教师生活补助', '推进城乡学校结对帮扶'],
    },
    {
      object: '职业院校产教融合',
      actions: ['深化', '推进'],
      scope: 'district',
      unit: 'dept-education',
      problems: ['不够深入，专业设置与本地产业需求脱节', '企业参与办学积极性不高'],
      recommendations: [
        '根据本地产业需求调整专业设置',
        '对参与办学的企业给予政策支持',
        '共建实训基地和订单班',
      ],
    },
    {
      object: '随迁子女入学',
      actions: ['保障', '便利'],
      scope: 'district',
      unit: 'dept-education',
      problems: ['手续繁琐，家长要多部门开具证明', '就近入学难，部分孩子要跨区就读'],
      recommendations: ['推行入学材料数据共享，减少证明', '按常住人口规划学位', '提前公布入学政策和时间安排'],
    },
    {
      object: '学校食堂',
      actions: ['改造提升', '规范管理'],
      scope: 'district',
      unit: 'dept-education',
      problems: ['设施陈旧，部分学校就餐场地不足', '家长对食材来源和价格了解不多'],
      recommendations: [
        '实施学校食堂改造提升工程',
        '推行“明厨亮灶”和家长陪餐制度',
        '公开食材采购渠道和伙食费收支',
      ],
    },
  ],
  health: [
    {
      object: '社区卫生服务中心',
      actions: ['加强', '提升'],
      scope: 'street',
      unit: 'dept-health',
      problems: ['服务能力不足，常用药品不全', '全科医生少，居民看小病也往大医院跑'],
      recommendations: [
        '扩大社区卫生服务中心常用药品目录',
        '推动上级医院专家定期下沉坐诊',
        '增加全科医生培养和招聘名额',
      ],
    },
    {
      object: '医院预约挂号',
      actions: ['优化', '改进'],
      scope: 'district',
      unit: 'dept-health',
      problems: ['渠道分散，老年人使用智能手机挂号困难', '号源投放不透明，热门科室一号难求'],
      recommendations: [
        '整合全市预约挂号平台',
        '保留现场和电话挂号渠道，为老年人预留号源',
        '公开各科室号源投放规则',
      ],
    },
    {
      object: '医养结合服务',
      actions: ['推进', '完善'],
      scope: 'district',
      unit: 'dept-health',
      problems: ['供给不足，失能老人既看病又护理的需求难以满足', '医疗机构与养老机构合作不紧密'],
      recommendations: [
        '推动养老机构与周边医疗机构签约合作',
        '在社区卫生服务中心设置护理床位',
        '完善医养结合服务收费政策',
      ],
    },
    {
      object: '院前急救网络',
      actions: ['完善', '加密'],
      scope: 'district',
      unit: 'dept-health',
      problems: ['布点不足，郊区急救车到达时间偏长', '急救人员缺口较大'],
      recommendations: [
        '按服务半径新增急救站点',
        '在公共场所配置自动体外除颤器',
        '提高急救人员待遇并扩大招录',
      ],
    },
    {
      object: '家庭医生签约服务',
      actions: ['做实', '提升'],
      scope: 'community',
      unit: 'dept-health',
      problems: ['签而不约，居民对服务内容了解不多', '上门服务少，行动不便的老人得不到照顾'],
      recommendations: [
        '公布家庭医生团队联系方式和服务清单',
        '为行动不便的签约老人提供上门服务',
        '将居民满意度纳入家庭医生考核',
      ],
    },
    {
      object: '医学检查结果互认',
      actions: ['推进', '扩大'],
      scope: 'district',
      unit: 'dept-health',
      problems: ['范围有限，患者转院后往往要重复检查', '医院之间数据不通，互认落实不到位'],
      recommendations: ['扩大互认项目和医院范围', '建设全市检查检验结果共享平台', '对不予互认的情况说明理由'],
    },
    {
      object: '医保异地结算',
      actions: ['便利', '优化'],
      scope: 'district',
      unit: 'dept-medical-insurance',
      problems: ['备案手续繁琐，外出就医的老人办理困难', '部分定点医院尚未开通直接结算'],
      recommendations: ['推行异地就医线上备案', '扩大直接结算定点医院范围', '在社区设置医保业务帮办点'],
    },
  ],
  social_security: [
    {
      object: '居家养老服务',
      actions: ['完善', '扩大'],
      scope: 'community',
      unit: 'dept-civil-affairs',
      problems: ['覆盖面不广，上门助浴、助洁服务供不应求', '服务质量参差不齐，老人和家属不放心'],
      recommendations: [
        '扩大政府购买居家养老服务的范围',
        '建立服务质量评价和退出机制',
        '为独居老人安装紧急呼叫设备',
      ],
    },
    {
      object: '社区老年食堂',
      actions: ['建设', '增设'],
      scope: 'community',
      unit: 'dept-civil-affairs',
      problems: ['数量不足，老人就餐要走很远', '运营困难，部分食堂开业不久就停办'],
      recommendations: ['利用社区用房和闲置设施建设老年食堂', '对老年食堂给予运营补贴', '提供送餐上门服务'],
    },
    {
      object: '长期护理保险',
      actions: ['扩大', '完善'],
      scope: 'district',
      unit: 'dept-medical-insurance',
      problems: ['覆盖面窄，中度失能人员尚未纳入', '护理服务机构少，待遇落实不到位'],
      recommendations: ['逐步将中度失能人员纳入保障', '培育护理服务机构和护理员队伍', '简化失能评估流程'],
    },
    {
      object: '困难群众救助',
      actions: ['加强', '完善'],
      scope: 'street',
      unit: 'dept-civil-affairs',
      problems: ['主动发现不够，一些困难家庭不知道如何申请', '救助标准与物价上涨不同步'],
      recommendations: [
        '建立困难群众动态监测和主动发现机制',
        '根据物价变化调整救助标准',
        '推行救助事项“一门受理”',
      ],
    },
    {
      object: '灵活就业人员参保',
      actions: ['方便', '支持'],
      scope: 'district',
      unit: 'dept-hr',
      problems: ['比例偏低，外卖骑手等群体参保意识不强', '参保手续复杂，缴费渠道少'],
      recommendations: [
        '放开灵活就业人员在就业地参保的户籍限制',
        '开通线上参保缴费渠道',
        '对困难灵活就业人员给予社保补贴',
      ],
    },
    {
      object: '残疾人托养服务',
      actions: ['完善', '扩大'],
      scope: 'district',
      unit: 'dept-civil-affairs',
      problems: ['机构少，重度残疾人家庭照护负担重', '托养补贴标准偏低'],
      recommendations: ['每个区至少建成一所残疾人托养机构', '提高托养服务补贴标准', '推行居家托养上门服务'],
    },
    {
      object: '退役军人就业服务',
      actions: ['加强', '优化'],
      scope: 'district',
      unit: 'dept-veterans',
      problems: ['针对性不强，技能培训与岗位需求脱节', '就业信息分散，退役军人获取不便'],
      recommendations: ['开展订单式技能培训', '举办退役军人专场招聘会', '建立退役军人就业信息平台'],
    },
    {
      object: '高校毕业生就业见习',
      actions: ['扩大', '规范'],
      scope: 'district',
      unit: 'dept-hr',
      problems: ['岗位数量不足，质量不高', '见习补贴发放不及时'],
      recommendations: ['扩大就业见习基地数量', '提高见习补贴标准并按月发放', '把见习留用率纳入基地评估'],
    },
  ],
  agriculture: [
    {
      object: '高标准农田',
      actions: ['加快建设', '提升'],
      scope: 'village',
      unit: 'dept-agriculture',
      problems: ['建成后管护不到位，部分沟渠损毁', '建设标准偏低，灌排设施不配套'],
      recommendations: ['建立高标准农田建后管护机制', '完善田间灌排设施', '让农户参与项目验收'],
    },
    {
      object: '农村公路',
      actions: ['提档升级', '养护'],
      scope: 'village',
      unit: 'dept-transport',
      problems: ['路面窄、弯道多，会车困难', '养护资金不足，部分路段坑洼不平'],
      recommendations: ['对窄路面路段实施拓宽改造', '落实农村公路养护资金', '在急弯陡坡路段增设安全防护设施'],
    },
    {
      object: '农产品冷链物流',
      actions: ['完善', '建设'],
      scope: 'village',
      unit: 'dept-agriculture',
      problems: ['设施缺乏，水果蔬菜采摘后损耗大', '产地冷库少，农户只能低价急售'],
      recommendations: ['在产地建设田头冷藏保鲜设施', '对冷链设施建设给予补助', '支持合作社发展冷链配送'],
    },
    {
      object: '村级集体经济',
      actions: ['发展壮大', '扶持'],
      scope: 'village',
      unit: 'dept-agriculture',
      problems: ['收入来源单一，主要依靠资产租赁', '缺少懂经营的人才'],
      recommendations: ['盘活闲置农房和集体建设用地', '支持村集体领办合作社', '选派经营人才驻村指导'],
    },
    {
      object: '农村饮用水',
      actions: ['提标', '改善'],
      scope: 'village',
      unit: 'dept-water',
      problems: ['水压不稳，高峰时段用水困难', '管网老化，水质时有浑浊'],
      recommendations: ['推进城乡供水一体化', '更新改造老化供水管网', '定期公布农村供水水质检测结果'],
    },
    {
      object: '特色农产品品牌',
      actions: ['培育', '打造'],
      scope: 'street',
      unit: 'dept-agriculture',
      problems: ['知名度不高，产品卖不出好价钱', '标准化程度低，品质参差不齐'],
      recommendations: ['申报农产品地理标志', '制定生产技术标准并开展培训', '组织参加农产品展销活动'],
    },
  ],
  culture: [
    {
      object: '历史文化街区',
      actions: ['保护', '活化利用'],
      scope: 'street',
      unit: 'dept-culture',
      problems: ['保护不足，部分历史建筑年久失修', '过度商业化，原有风貌受到影响'],
      recommendations: ['开展历史建筑普查并挂牌保护', '制定街区业态准入清单', '设立历史建筑修缮补助资金'],
    },
    {
      object: '公共文化设施',
      actions: ['错时开放', '延长开放'],
      scope: 'district',
      unit: 'dept-culture',
      problems: ['开放时间与上班时间重叠，上班族难以利用', '利用率不高，部分场馆活动少'],
      recommendations: [
        '推行图书馆、文化馆晚间和周末开放',
        '根据群众需求安排活动',
        '公开场馆开放时间和活动安排',
      ],
    },
    {
      object: '社区健身设施',
      actions: ['建设', '更新'],
      scope: 'community',
      unit: 'dept-sports',
      problems: ['数量少，器材老化损坏', '缺少适合老年人和儿童的器材'],
      recommendations: ['利用边角地建设健身场地', '定期检修更换老化器材', '增设适老和儿童健身器材'],
    },
    {
      object: '学校体育场馆开放',
      actions: ['推进', '扩大'],
      scope: 'district',
      unit: 'dept-sports',
      problems: ['开放比例低，居民周末缺少运动场地', '安全责任不明，学校开放积极性不高'],
      recommendations: ['为开放学校购买公众责任保险', '推行预约入校健身', '对开放学校给予运行补助'],
    },
    {
      object: '非物质文化遗产',
      actions: ['传承', '保护'],
      scope: 'district',
      unit: 'dept-culture',
      problems: ['传承人老龄化，后继乏人', '展示场所缺乏，年轻人了解不多'],
      recommendations: ['对传承人带徒授艺给予补助', '建设非遗展示体验场所', '推动非遗进校园、进社区'],
    },
  ],
  public_safety: [
    {
      object: '电动自行车充电',
      actions: ['规范', '加强安全管理'],
      scope: 'community',
      unit: 'dept-emergency',
      problems: ['设施不足，楼道充电和飞线充电屡禁不止', '存在较大火灾隐患'],
      recommendations: ['在小区内集中建设充电车棚', '开展楼道充电专项整治', '推广电梯阻车装置'],
    },
    {
      object: '老旧小区消防设施',
      actions: ['完善', '改造'],
      scope: 'community',
      unit: 'dept-emergency',
      problems: ['缺失严重，消火栓无水、灭火器过期', '消防通道被占用，车辆难以进入'],
      recommendations: ['把消防设施改造纳入老旧小区改造内容', '施划消防通道标线并加强巡查', '建立微型消防站'],
    },
    {
      object: '校园周边食品安全',
      actions: ['加强监管', '整治'],
      scope: 'street',
      unit: 'dept-market',
      problems: ['隐患较多，无证流动摊贩屡禁不止', '“三无”零食在小卖部仍有出售'],
      recommendations: [
        '开展校园周边食品安全专项检查',
        '对校园周边经营户实行公示管理',
        '发动家长和学生参与监督',
      ],
    },
    {
      object: '防汛应急能力',
      actions: ['提升', '加强'],
      scope: 'district',
      unit: 'dept-emergency',
      problems: ['不足，低洼地带转移避险预案不够具体', '应急物资储备点少'],
      recommendations: ['细化低洼地带人员转移预案', '增设应急物资储备点', '每年汛前开展应急演练'],
    },
    {
      object: '电信网络诈骗防范',
      actions: ['加强', '做实'],
      scope: 'district',
      unit: 'dept-public-security',
      problems: ['宣传覆盖不够，老年人受骗案件时有发生', '预警劝阻不够及时'],
      recommendations: [
        '深入社区开展防诈骗宣传',
        '建立高风险人群预警劝阻机制',
        '联合金融机构加强异常交易监测',
      ],
    },
    {
      object: '未成年人检察保护',
      actions: ['加强', '完善'],
      scope: 'district',
      unit: 'procuratorate-xinglan',
      problems: ['力量不足，涉未成年人案件办理周期长', '校园周边侵害未成年人问题发现不及时'],
      recommendations: [
        '设立未成年人检察专门机构',
        '开展法治副校长进校园活动',
        '建立侵害未成年人案件强制报告机制',
      ],
    },
  ],
  governance: [
    {
      object: '政务服务“一网通办”',
      actions: ['推进', '深化'],
      scope: 'district',
      unit: 'dept-data',
      problems: ['覆盖不全，部分事项仍需线下多次跑', '系统之间数据不通，重复提交材料'],
      recommendations: [
        '梳理高频事项全部实现网上办理',
        '推进部门数据共享，减少重复提交',
        '在政务大厅为老年人保留人工窗口',
      ],
    },
    {
      object: '社区工作者队伍',
      actions: ['加强', '稳定'],
      scope: 'street',
      unit: 'dept-civil-affairs',
      problems: ['流失率高，待遇偏低', '事务性工作多，服务居民时间少'],
      recommendations: ['建立社区工作者薪酬增长机制', '清理规范社区承担的事项', '拓宽社区工作者职业发展通道'],
    },
    {
      object: '矛盾纠纷多元调解',
      actions: ['完善', '健全'],
      scope: 'street',
      unit: 'dept-justice',
      problems: ['衔接不畅，纠纷在部门之间来回推', '调解员专业能力不足'],
      recommendations: ['在各街道设立矛盾纠纷调处中心', '吸收律师参与人民调解', '完善诉调对接机制'],
    },
    {
      object: '公共数据开放',
      actions: ['推进', '扩大'],
      scope: 'district',
      unit: 'dept-data',
      problems: ['开放数量少、更新慢', '数据格式不统一，社会利用困难'],
      recommendations: ['编制公共数据开放目录', '按统一标准开放可机读数据', '定期公布数据更新情况'],
    },
    {
      object: '诉讼服务',
      actions: ['优化', '便利'],
      scope: 'district',
      unit: 'court-xinglan',
      problems: ['立案排队时间长，群众往返多次', '网上立案操作复杂'],
      recommendations: [
        '推行跨域立案和网上立案指导',
        '在基层法庭设置诉讼服务站',
        '为老年人和残疾人提供上门立案服务',
      ],
    },
  ],
  other: [
    {
      object: '公共场所母婴室',
      actions: ['建设', '增设'],
      scope: 'district',
      unit: 'dept-civil-affairs',
      problems: ['数量少，部分商场和交通站点没有设置', '设施简陋，使用不便'],
      recommendations: [
        '在商场、交通站点和医院配建母婴室',
        '制定母婴室建设标准',
        '在地图软件上标注母婴室位置',
      ],
    },
    {
      object: '无障碍设施',
      actions: ['完善', '整治'],
      scope: 'street',
      unit: 'dept-housing',
      problems: ['不连续，盲道被占用、坡道过陡', '新建项目无障碍设施验收不严'],
      recommendations: ['开展无障碍设施专项排查', '邀请残疾人参与无障碍设施验收', '清理被占用的盲道'],
    },
    {
      object: '公共厕所',
      actions: ['提升改造', '增设'],
      scope: 'street',
      unit: 'dept-urban-management',
      problems: ['数量不足，旅游旺季排队严重', '卫生条件差，夜间不开放'],
      recommendations: ['按服务半径增设公共厕所', '推动沿街单位厕所对外开放', '延长公共厕所开放时间'],
    },
  ],
};

/** Special committees (专门委员会) of the municipal people's congress that motions are referred to. */
export const SPECIAL_COMMITTEES: readonly { id: string; name: string }[] = [
  { id: 'cmte-legal', name: '法制委员会' },
  { id: 'cmte-supervisory-judicial', name: '监察和司法委员会' },
  { id: 'cmte-finance-economy', name: '财政经济委员会' },
  { id: 'cmte-education-culture-health', name: '教育科学文化卫生委员会' },
  { id: 'cmte-urban-environment', name: '城乡建设环境保护委员会' },
  { id: 'cmte-agriculture', name: '农业与农村委员会' },
  { id: 'cmte-social', name: '社会建设委员会' },
];

export interface MotionTopic {
  /** The regulation's subject, as in 《星澜市<subject>条例》. */
  subject: string;
  category: SuggestionCategory;
  /** Special committee the motion is referred to. */
  committee: string;
  /** Why the motion asks for it, naming the subject. */
  reason: string;
}

export const MOTION_TOPICS: readonly MotionTopic[] = [
  {
    subject: '养犬管理',
    category: 'public_safety',
    committee: 'cmte-legal',
    reason: '犬只伤人和扰民投诉逐年增多，现行规定罚则偏轻、部门职责不清',
  },
  {
    subject: '物业管理',
    category: 'urban_construction',
    committee: 'cmte-urban-environment',
    reason: '业主大会成立难、物业服务质价不符等问题突出，需要以地方立法明确各方责任',
  },
  {
    subject: '文明行为促进',
    category: 'governance',
    committee: 'cmte-legal',
    reason: '倡导性规定多、约束性规定少，不文明行为缺乏有效规范',
  },
  {
    subject: '历史文化街区保护',
    category: 'culture',
    committee: 'cmte-education-culture-health',
    reason: '历史建筑保护责任主体不明确，修缮资金缺乏保障',
  },
  {
    subject: '河道管理',
    category: 'environment',
    committee: 'cmte-urban-environment',
    reason: '河道管理范围划定和河长制落实缺少地方性法规支撑',
  },
  {
    subject: '电动自行车管理',
    category: 'public_safety',
    committee: 'cmte-legal',
    reason: '电动自行车保有量快速增长，登记、通行和充电安全管理亟须统一规范',
  },
  {
    subject: '生活垃圾分类管理',
    category: 'environment',
    committee: 'cmte-urban-environment',
    reason: '分类投放、收运和处理各环节责任需要以法规形式固定下来',
  },
  {
    subject: '居家养老服务',
    category: 'social_security',
    committee: 'cmte-social',
    reason: '居家养老服务设施配建、服务标准和补贴政策缺乏统一规定',
  },
  {
    subject: '公共数据管理',
    category: 'governance',
    committee: 'cmte-finance-economy',
    reason: '公共数据归集、共享和开放缺少规则，部门间数据壁垒明显',
  },
  {
    subject: '停车场建设和管理',
    category: 'transport',
    committee: 'cmte-urban-environment',
    reason: '停车设施配建标准偏低、公共停车场建设滞后，停车难问题日益突出',
  },
  {
    subject: '湿地保护',
    category: 'environment',
    committee: 'cmte-urban-environment',
    reason: '湿地面积减少、管理职责分散，需要通过立法加以保护',
  },
  {
    subject: '既有住宅加装电梯',
    category: 'urban_construction',
    committee: 'cmte-urban-environment',
    reason: '加装电梯的业主表决、审批和费用分摊规则需要以法规形式明确',
  },
  {
    subject: '农贸市场管理',
    category: 'economy',
    committee: 'cmte-finance-economy',
    reason: '农贸市场规划布局、公益属性和经营秩序缺少统一规范',
  },
  {
    subject: '优化营商环境',
    category: 'economy',
    committee: 'cmte-finance-economy',
    reason: '涉企政策落实和企业合法权益保护需要更有力的制度保障',
  },
  {
    subject: '预算审查监督',
    category: 'economy',
    committee: 'cmte-finance-economy',
    reason: '预算审查监督的程序和重点需要进一步细化，增强监督刚性',
  },
  {
    subject: '学前教育',
    category: 'education',
    committee: 'cmte-education-culture-health',
    reason: '普惠性学前教育资源不足，配套幼儿园建设和移交缺乏刚性约束',
  },
  {
    subject: '院前医疗急救',
    category: 'health',
    committee: 'cmte-education-culture-health',
    reason: '急救站点布局、急救车辆调度和社会急救培训需要统一规范',
  },
  {
    subject: '全民健身',
    category: 'culture',
    committee: 'cmte-education-culture-health',
    reason: '健身设施配建和学校体育场馆开放缺少制度保障',
  },
  {
    subject: '乡村振兴促进',
    category: 'agriculture',
    committee: 'cmte-agriculture',
    reason: '需要把乡村振兴的政策措施转化为稳定的地方性法规',
  },
  {
    subject: '耕地保护',
    category: 'agriculture',
    committee: 'cmte-agriculture',
    reason: '耕地“非农化”“非粮化”问题仍然存在，保护责任需要压实',
  },
  {
    subject: '农村人居环境',
    category: 'agriculture',
    committee: 'cmte-agriculture',
    reason: '农村生活污水和垃圾治理设施建成后缺少长效管护机制',
  },
  {
    subject: '矛盾纠纷多元化解',
    category: 'governance',
    committee: 'cmte-supervisory-judicial',
    reason: '人民调解、行政调解和司法调解衔接不畅，需要立法加以整合',
  },
  {
    subject: '志愿服务',
    category: 'social_security',
    committee: 'cmte-social',
    reason: '志愿者权益保障和激励机制不健全',
  },
  {
    subject: '无障碍环境建设',
    category: 'other',
    committee: 'cmte-social',
    reason: '无障碍设施不连续、被占用现象普遍，建设和维护责任不明确',
  },
];
