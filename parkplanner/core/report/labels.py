"""Every fixed text of the appendix in English and Chinese.

Sheet *names* never change with the language (scripts and links rely on them); titles, headers
and notes inside the sheets do. Names of classes, sectors and indicators come from the catalogue,
the sectors and the indicator registry, not from here.
"""
from __future__ import annotations

__all__ = ["LANGUAGES", "SHEETS", "text", "check_language"]

LANGUAGES = ("en", "zh")
#: The sheets in workbook order: (name, key of its title). Names never change with the language.
SHEETS: tuple[tuple[str, str], ...] = (
    ("Cover", "cover.title"), ("Land use balance", "balance.title"), ("Parcels", "parcels.title"),
    ("Sectors", "sectors.title"), ("Indicators", "indicators.title"), ("Scenarios", "scenarios.title"),
    ("Projection", "projection.title"), ("Checks", "checks.title"),
)

_TEXT: dict[str, tuple[str, str]] = {
    # sheet titles
    "cover.title": ("Planning appendix", "规划附表"),
    "balance.title": ("Land-use balance", "用地平衡表"),
    "parcels.title": ("Parcel control indicators", "地块控制指标表"),
    "sectors.title": ("Industrial sectors", "产业门类"),
    "indicators.title": ("Industry–city integration indicators", "产城融合指标"),
    "scenarios.title": ("Scenario comparison", "方案比较"),
    "projection.title": ("Projection over time", "发展预测"),
    "checks.title": ("Standards and topology checks", "规范与拓扑检查"),
    # cover
    "cover.project": ("Project", "项目"),
    "cover.scenario": ("Scenario", "方案"),
    "cover.scenarios": ("Scenarios reported", "报告方案"),
    "cover.date": ("Date", "日期"),
    "cover.crs": ("Coordinate reference system", "坐标参考系"),
    "cover.scheme": ("Land-use classification", "用地分类标准"),
    "cover.zone_count": ("Zones", "地块数"),
    "cover.parameters": ("Parameters used", "计算参数"),
    "cover.parameter": ("Parameter", "参数"),
    "cover.value": ("Value", "取值"),
    "cover.unit": ("Unit", "单位"),
    "cover.key": ("Key", "参数名"),
    "cover.more_parameters": (
        "Sector parameters: sheet Sectors. Indicator targets and weights: sheet Indicators. "
        "Standards rules and their sources: sheet Checks.",
        "产业参数见 Sectors 表；指标目标与权重见 Indicators 表；规范规则及依据见 Checks 表。",
    ),
    "cover.overrides": ("Scenario overrides", "方案覆盖参数"),
    "cover.metadata": ("Notes", "说明"),
    "cover.note": (
        "Every number in this appendix follows ParkPlanner's indicator specification (see the user guide, "
        "Indicators); values are stored at full precision and only shown rounded.",
        "本附表所有数值均按 ParkPlanner 指标规范（见用户手册“指标”一章）计算；单元格保存完整精度，仅显示时取整。",
    ),
    "meta.description": ("Project description", "项目概况"),
    "meta.source": ("Sources", "资料来源"),
    "meta.targets_note": ("Plan targets", "规划目标"),
    "meta.land_budget": ("Land budget", "用地构成"),
    "meta.planning_unit": ("Planning unit", "规划单元"),
    "meta.author": ("Prepared by", "编制单位"),
    "meta.note": ("Note", "备注"),
    "cover.contents": ("Contents", "目录"),
    "map.title": ("Land-use map", "用地规划图"),
    "param.m2_gfa_per_resident": ("Floor area per resident", "人均居住建筑面积"),
    "param.household_size": ("Household size", "户均人口"),
    "param.employed_share": ("Employed share of residents", "就业人口比例"),
    "param.mxd_residential_share": ("Residential share of mixed-use floor area", "混合用地居住建筑面积比例"),
    "param.horizon_year": ("Projection horizon", "预测期末年"),
    "param.class_m2_gfa_per_job": ("Floor area per job", "人均就业建筑面积"),
    # units
    "unit.m2_per_person": ("m²/person", "m²/人"),
    "unit.person_per_household": ("persons/household", "人/户"),
    "unit.m2_per_job": ("m²/job", "m²/岗位"),
    "unit.share": ("share", "比例"),
    "unit.year": ("year", "年"),
    # land-use balance
    "balance.level1": ("Land-use balance by level-1 class of {scheme}", "用地平衡表（按 {scheme} 一级类）"),
    "balance.generic": ("Generic classes: comparison view", "通用类别对照（比较口径）"),
    "balance.generic_note": (
        "Not a land-use balance of {scheme}: the generic classes used for international comparison group "
        "land differently (e.g. R&D land counts as office, not industry), so their shares differ from the "
        "table above. The statutory balance is the table above.",
        "本表不是 {scheme} 用地平衡表：通用类别为国际比较口径，归类与上表不同（如科研用地计入办公研发而非工业），"
        "所以比例与上表不同。法定用地平衡以上表为准。"),
    "balance.code": ("Code", "代码"),
    "balance.class": ("Class", "用地类别"),
    "balance.generic_class": ("Generic class", "通用类别"),
    "balance.zones": ("Zones", "地块数"),
    "balance.area_m2": ("Area (m²)", "面积 (m²)"),
    "balance.area_ha": ("Area (ha)", "面积 (公顷)"),
    "balance.share_construction": ("Share of construction land (%)", "占城市建设用地比例 (%)"),
    "balance.share_total": ("Share of total area (%)", "占总用地比例 (%)"),
    "balance.range": ("GB 50137 range (%)", "GB 50137 规定范围 (%)"),
    "balance.flag": ("Check", "判定"),
    "balance.rule": ("Rule", "规则"),
    "balance.total": ("Total", "合计"),
    "balance.construction_total": ("Construction land", "城市建设用地"),
    "balance.per_capita": ("Land per resident", "人均用地"),
    "balance.per_capita_item": ("Item", "项目"),
    "balance.per_capita_value": ("Value (m²/person)", "指标 (m²/人)"),
    "balance.per_capita_range": ("Standard (m²/person)", "标准 (m²/人)"),
    "balance.chart": ("Land use by generic class (ha)", "各类用地面积 (公顷)"),
    "flag.within": ("within", "符合"),
    "flag.outside": ("outside", "不符合"),
    "flag.none": ("–", "–"),
    # parcels
    "parcels.scenario": ("Scenario", "方案"),
    "parcels.id": ("Zone id", "地块编号"),
    "parcels.parcel_code": ("Parcel code", "地块编码"),
    "parcels.name": ("Name", "名称"),
    "parcels.code": ("Land-use code", "用地代码"),
    "parcels.class": ("Land-use class", "用地性质"),
    "parcels.area_m2": ("Area (m²)", "用地面积 (m²)"),
    "parcels.area_ha": ("Area (ha)", "用地面积 (公顷)"),
    "parcels.area_mu": ("Area (mu)", "用地面积 (亩)"),
    "parcels.far": ("FAR", "容积率"),
    "parcels.gfa": ("GFA (m²)", "建筑面积 (m²)"),
    "parcels.coverage": ("Coverage (%)", "建筑密度 (%)"),
    "parcels.green": ("Green ratio (%)", "绿地率 (%)"),
    "parcels.height": ("Height (m)", "建筑限高 (m)"),
    "parcels.phase": ("Phase", "分期"),
    "parcels.start_year": ("Start year", "启动年份"),
    "parcels.sector": ("Sector", "产业门类"),
    "parcels.jobs": ("Jobs", "就业岗位"),
    "parcels.residents": ("Residents", "居住人口"),
    # sectors
    "sectors.id": ("Id", "编号"),
    "sectors.name": ("Sector", "产业门类"),
    "sectors.m2_gfa_per_job": ("Floor area per job (m²)", "人均建筑面积 (m²/岗位)"),
    "sectors.output_wan_per_mu": ("Output (万元/mu)", "地均产值 (万元/亩)"),
    "sectors.tax_wan_per_mu": ("Tax (万元/mu)", "地均税收 (万元/亩)"),
    "sectors.enterprises_per_ha": ("Enterprises per ha", "企业密度 (家/公顷)"),
    "sectors.high_tech_share": ("High-tech share (%)", "高新技术企业比例 (%)"),
    "sectors.far_min": ("Minimum FAR", "容积率下限"),
    "sectors.coverage_min": ("Minimum coverage (%)", "建筑系数下限 (%)"),
    "sectors.green_max": ("Maximum green ratio (%)", "绿地率上限 (%)"),
    "sectors.ramp_half_years": ("Years to half capacity", "达产一半年限 (年)"),
    "sectors.ramp_width_years": ("Ramp width (years)", "达产爬坡期 (年)"),
    "sectors.zones": ("Zones", "地块数"),
    "sectors.area_ha": ("Land (ha)", "用地 (公顷)"),
    "sectors.gfa": ("GFA (m²)", "建筑面积 (m²)"),
    "sectors.jobs": ("Jobs", "就业岗位"),
    "sectors.output_yi": ("Output (亿元)", "产值 (亿元)"),
    "sectors.tax_yi": ("Tax (亿元)", "税收 (亿元)"),
    "sectors.parameters": ("Sector parameters", "产业参数"),
    "sectors.results": ("Results by sector", "分产业结果"),
    "sectors.none": ("No sector", "未指定产业"),
    # indicators
    "ind.id": ("Id", "编号"),
    "ind.name": ("Indicator", "指标"),
    "ind.value": ("Value", "数值"),
    "ind.unit": ("Unit", "单位"),
    "ind.target": ("Target", "目标"),
    "ind.score": ("Score (0–1)", "得分 (0–1)"),
    "ind.weight": ("Weight", "权重"),
    "ind.dimension": ("Dimension", "维度"),
    "ind.obstacle": ("Obstacle degree (%)", "障碍度 (%)"),
    "ind.source": ("Source", "依据"),
    "ind.dimensions": ("Dimension indices", "维度指数"),
    "ind.index": ("Index U (0–1)", "指数 U (0–1)"),
    "ind.coupling": ("Coupling coordination", "耦合协调度"),
    "ind.C": ("Coupling degree C", "耦合度 C"),
    "ind.T": ("Comprehensive index T", "综合发展指数 T"),
    "ind.D": ("Coupling coordination degree D", "耦合协调度 D"),
    "ind.grade": ("Grade", "协调等级"),
    "ind.radar": ("Five dimensions", "五维指数"),
    "ind.totals": ("Totals", "总量"),
    "ind.quantity": ("Quantity", "项目"),
    "ind.null": ("n/a", "无"),
    "total.zone_count": ("Zones", "地块数"),
    "total.total_area_m2": ("Total area (m²)", "总用地面积 (m²)"),
    "total.construction_area_m2": ("Construction land (m²)", "城市建设用地面积 (m²)"),
    "total.gfa_m2": ("Gross floor area (m²)", "总建筑面积 (m²)"),
    "total.residents": ("Residents", "居住人口"),
    "total.dwellings": ("Dwellings", "住宅套数"),
    "total.employed_residents": ("Employed residents", "就业居民"),
    "total.jobs": ("Jobs", "就业岗位"),
    "total.output_wan": ("Output (万元)", "产值 (万元)"),
    "total.tax_wan": ("Tax (万元)", "税收 (万元)"),
    "total.output_yi": ("Output (亿元)", "产值 (亿元)"),
    "total.tax_yi": ("Tax (亿元)", "税收 (亿元)"),
    # scenarios
    "scen.item": ("Item", "项目"),
    "scen.description": ("Description", "说明"),
    "scen.totals": ("Totals", "总量"),
    "scen.balance": ("Land use (ha)", "用地 (公顷)"),
    "scen.indicators": ("Indicators", "指标"),
    "scen.dimensions": ("Dimension indices", "维度指数"),
    "scen.coupling": ("Coupling coordination", "耦合协调度"),
    "scen.violations": ("Standards violations", "违反规范项数"),
    # projection
    "proj.year": ("Year", "年份"),
    "proj.output_yi": ("Output (亿元)", "产值 (亿元)"),
    "proj.tax_yi": ("Tax (亿元)", "税收 (亿元)"),
    "proj.jobs": ("Jobs", "就业岗位"),
    "proj.residents": ("Residents", "居住人口"),
    "proj.registered_entities": ("Registered entities", "注册企业数"),
    "proj.high_tech_enterprises": ("High-tech enterprises", "高新技术企业数"),
    "proj.observed": ("Observed values and fit", "实际观测值与拟合"),
    "proj.indicator": ("Series", "序列"),
    "proj.observed_value": ("Observed", "实际值"),
    "proj.modelled": ("Modelled", "模拟值"),
    "proj.rel_error": ("Relative error (%)", "相对误差 (%)"),
    "proj.calibration": ("Calibration multipliers", "校准系数"),
    "proj.scale": ("Scale", "规模系数"),
    "proj.h_mult": ("Half-time multiplier", "半程年限系数"),
    "proj.w_mult": ("Width multiplier", "爬坡期系数"),
    "proj.unscheduled": ("Zones without a start year (left out)", "无启动年份的地块 (未计入)"),
    "proj.chart": ("Projection", "发展预测"),
    "proj.chart_people": ("Jobs and residents", "就业岗位与居住人口"),
    "proj.chart_money": ("Output and tax (亿元)", "产值与税收 (亿元)"),
    "proj.chart_entities": ("Registered and high-tech enterprises", "注册企业与高新技术企业"),
    "proj.none": ("No zone has a start year: nothing to project.", "没有地块设定启动年份，无法预测。"),
    # checks
    "checks.type": ("Check", "检查类型"),
    "checks.standard": ("standard", "规范"),
    "checks.topology_type": ("topology", "拓扑"),
    "checks.zone": ("Zone id", "地块编号"),
    "checks.zone_name": ("Zone name", "地块名称"),
    "checks.rule": ("Rule / problem", "规则 / 问题"),
    "checks.value": ("Value", "数值"),
    "checks.limit": ("Limit", "限值"),
    "checks.source": ("Source", "依据"),
    "checks.area": ("Area (m²)", "面积 (m²)"),
    "checks.message": ("Description", "说明"),
    "checks.whole_plan": ("whole plan", "规划区整体"),  # the zone of a plan-wide rule (land-use balance)
    "checks.counts": ("Standards violations: {standards}; topology problems: {topology}.",
                      "违反规范 {standards} 项；拓扑问题 {topology} 项。"),
    "topo.invalid": ("invalid geometry", "几何无效"),
    "topo.overlap": ("overlap", "重叠"),
    "topo.gap": ("gap", "缝隙"),
    "topo.sliver": ("sliver", "碎片"),
    "topo.outside_boundary": ("outside the boundary", "超出规划范围"),
    # header and footer
    "footer.page": ("Page &P of &N", "第 &P 页，共 &N 页"),
    "section.scenario": ("Scenario: {name}", "方案：{name}"),
}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (choose {' or '.join(LANGUAGES)})")
    return lang


def text(key: str, lang: str, **fields: object) -> str:
    """The text ``key`` in ``lang``; ``fields`` fill its ``{placeholders}``."""
    en, zh = _TEXT[key]
    chosen = zh if lang == "zh" else en
    return chosen.format(**fields) if fields else chosen
