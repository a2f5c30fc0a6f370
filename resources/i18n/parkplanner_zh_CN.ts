<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../parkplanner/ui/charts/balance_chart.py" line="+31"/>
        <location line="+23"/>
        <source>balance</source>
        <extracomment>Rows top to bottom: the construction classes in catalogue order (their shares sum to 100 %).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>balance_axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+32"/>
        <source>balance_outside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../parkplanner/ui/charts/jobs_housing_chart.py" line="+30"/>
        <location line="+32"/>
        <source>jobs_housing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>jobs_housing_axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../parkplanner/ui/charts/radar_chart.py" line="+56"/>
        <location line="+64"/>
        <source>radar</source>
        <extracomment>Grades from 初级协调 (primary) upwards are named by an adjective of &quot;coordination&quot;. Labels sit at this radius (the outer ring is 1); the x range is ±_X_HALF at least, the y range from _Y_BOTTOM (room for the D headline) to _Y_TOP at least. Axes this close to horizontal carry a &quot;side&quot; label: name and value on two lines, fitted.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../parkplanner/ui/charts/targets_chart.py" line="+65"/>
        <location line="+20"/>
        <source>targets</source>
        <extracomment>Share of the target (%) counted as meeting it; below is short (red), above is over (amber). (target indicator, en label, zh label, unit, plan value from the metrics totals)
----------
{series: calibration scale} of the project (see set_calibration).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>targets_axis</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../parkplanner/ui/dialogs/about_dialog.py" line="+62"/>
        <source>About ParkPlanner</source>
        <translation>关于 ParkPlanner</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;h2&gt;ParkPlanner {0}&lt;/h2&gt;&lt;p&gt;Zoning, land-use balance and industry–city integration indicators for science and technology parks: scenarios, projections and the planning appendix, fully offline.&lt;/p&gt;&lt;p&gt;Licensed under the MIT licence.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;ParkPlanner {0}&lt;/h2&gt;&lt;p&gt;面向科技园区的功能分区、用地平衡与产城融合指标工具：多方案比选、发展预测与规划附表，完全离线运行。&lt;/p&gt;&lt;p&gt;以 MIT 许可证发布。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Copy Versions</source>
        <translation>复制版本信息(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the versions to paste them into a bug report</source>
        <translation>复制版本信息，便于粘贴到问题报告中</translation>
    </message>
</context>
<context>
    <name>AssumptionSliders</name>
    <message>
        <location filename="../../parkplanner/ui/workshop/assumption_sliders.py" line="+59"/>
        <source>m² GFA per resident</source>
        <translation>人均居住建筑面积 m²</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employed share of residents</source>
        <translation>居民就业率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Housing share of mixed use</source>
        <translation>混合用地居住占比</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>FAR × {name}</source>
        <extracomment>Generic classes with a FAR slider: the ones whose FAR moves jobs or residents. Multiplier range and step of the FAR sliders. The MetricsBridge a FAR drag previews its positions through (none: the drag only writes on release).</extracomment>
        <translation>容积率 × {name}</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Workshop: {label}</source>
        <translation>工作坊：{label}</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Workshop: FAR of {name} zones</source>
        <translation>工作坊：{name} 地块容积率</translation>
    </message>
</context>
<context>
    <name>Autosave</name>
    <message>
        <location filename="../../parkplanner/ui/autosave.py" line="+174"/>
        <source>Autosave failed: {0}</source>
        <extracomment>How long a clean close waits for an autosave still being written (it is removed afterwards). A recovery file was written (its path). Writing one failed (the reason); the session carries on. The recovery file this window wrote last (None: none on disk).</extracomment>
        <translation>自动保存失败：{0}</translation>
    </message>
</context>
<context>
    <name>BaseMapActions</name>
    <message>
        <location filename="../../parkplanner/ui/basemap_actions.py" line="+49"/>
        <source>Add &amp;Base Map…</source>
        <extracomment>Replaceable in tests: the raster to add, and the CRS of an image with only a world file.</extracomment>
        <translation>添加底图(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An aerial photo, a scanned plan or a tile package drawn beneath the zones</source>
        <translation>在地块之下显示的航拍影像、扫描规划图或瓦片包</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Georeference Scan…</source>
        <translation>配准扫描图(&amp;G)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place a scanned plan on the map from control points</source>
        <translation>用控制点将扫描的规划图配准到地图上</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Base Maps</source>
        <extracomment>Replaceable in tests: which scan File ▸ Georeference Scan… works on when the project has georeferenced base maps (an index into the offered names, 0 for a new scan; None: cancel), and where a base map&apos;s scan is when it is no longer where its points were placed.</extracomment>
        <translation>底图</translation>
    </message>
    <message>
        <location line="+38"/>
        <location line="+106"/>
        <source>Reading {0}</source>
        <translation>正在读取 {0}</translation>
    </message>
    <message>
        <location line="-80"/>
        <source>Add base map {0}</source>
        <translation>添加底图 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added base map {0}</source>
        <translation>已添加底图 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Warping the base map again</source>
        <translation>正在重新校正底图</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot warp the base map again</source>
        <translation>无法重新校正底图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adding base map</source>
        <translation>正在添加底图</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot add the base map</source>
        <translation>无法添加底图</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Base map {0} was removed meanwhile: nothing warped again</source>
        <translation>底图 {0} 已在此期间被移除：未重新校正</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Georeference base map {0}</source>
        <translation>配准底图 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warped base map {0} again</source>
        <translation>已重新校正底图 {0}</translation>
    </message>
    <message>
        <location line="+33"/>
        <location line="+17"/>
        <source>Cannot edit the control points</source>
        <translation>无法编辑控制点</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot georeference the scan</source>
        <translation>无法配准扫描图</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Reading the scan</source>
        <translation>正在读取扫描图</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Add base map</source>
        <translation>添加底图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rasters and tile packages ({0})</source>
        <translation>栅格与瓦片包 ({0})</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <source>Georeference scan</source>
        <translation>配准扫描图</translation>
    </message>
    <message>
        <location line="-5"/>
        <location line="+13"/>
        <source>Images (*.jpg *.jpeg *.png *.tif *.tiff *.bmp)</source>
        <translation>图像 (*.jpg *.jpeg *.png *.tif *.tiff *.bmp)</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>A new scan…</source>
        <translation>新的扫描图…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Control points of {0}</source>
        <translation>{0} 的控制点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Place a new scan, or edit the control points of a base map:</source>
        <translation>配准新的扫描图，或编辑某张底图的控制点：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Where is the scan {0}?</source>
        <translation>扫描图 {0} 在哪里？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Coordinate system of the image</source>
        <translation>图像的坐标系</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} has a world file but no coordinate system. Its CRS (e.g. EPSG:4548):</source>
        <translation>{0} 有坐标文件(world file)但没有坐标系。请输入其坐标系(如 EPSG:4548):</translation>
    </message>
</context>
<context>
    <name>BaseMapPanel</name>
    <message>
        <location line="+19"/>
        <source>No base maps. File ▸ Add Base Map… adds an aerial photo, a scanned plan or a tile package.</source>
        <translation>暂无底图。通过“文件 ▸ 添加底图…”可添加航拍影像、扫描规划图或瓦片包。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Show base map</source>
        <translation>显示底图</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Base map opacity</source>
        <translation>底图不透明度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grey</source>
        <translation>灰度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greyscale, so the land-use colours stand out</source>
        <translation>以灰度显示,使用地颜色更醒目</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Greyscale base map</source>
        <translation>灰度底图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Control Points…</source>
        <translation>控制点…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the control points of this scan and warp it again</source>
        <translation>编辑此扫描图的控制点并重新校正</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>RMS {0:.2f} m ({1} points)</source>
        <translation>均方根误差 {0:.2f} 米（{1} 个点）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Control points unreadable</source>
        <translation>控制点无法读取</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Remove base map {0}</source>
        <translation>移除底图 {0}</translation>
    </message>
</context>
<context>
    <name>CalibrationDialog</name>
    <message>
        <location filename="../../parkplanner/ui/scenarios/calibration_dialog.py" line="+49"/>
        <source>Calibrate projection</source>
        <translation>校准发展预测</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+4"/>
        <source>Series</source>
        <translation>序列</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Scale</source>
        <translation>比例系数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Observed</source>
        <translation>实测值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Modelled now</source>
        <translation>当前模型值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error now</source>
        <translation>当前误差</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Modelled after fit</source>
        <translation>拟合后模型值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Error after fit</source>
        <translation>拟合后误差</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Fitted multipliers per series</source>
        <translation>各序列拟合系数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit per observation</source>
        <translation>逐条观测拟合</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The project stores no observed values: nothing to calibrate.</source>
        <translation>项目中没有实测值，无需校准。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Scenario “{name}”: {n} series fitted on {m} observations.</source>
        <translation>方案“{name}”：基于 {m} 条观测拟合了 {n} 个序列。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not fitted: {list}.</source>
        <translation>未拟合：{list}。</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Ramp half-time ×</source>
        <translation>爬坡半程时间 ×</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ramp width ×</source>
        <translation>爬坡宽度 ×</translation>
    </message>
</context>
<context>
    <name>ChangeLedger</name>
    <message>
        <location filename="../../parkplanner/ui/scenarios/change_ledger.py" line="+63"/>
        <source>Change</source>
        <extracomment>Rows a group hands to the view at a time. The groups, in the order shown. Groups of at most this many rows are shown expanded.</extracomment>
        <translation>变化</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zone</source>
        <translation>地块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>B</source>
        <translation>B</translation>
    </message>
</context>
<context>
    <name>ChangeMap</name>
    <message>
        <location filename="../../parkplanner/ui/scenarios/change_map.py" line="+33"/>
        <source>added in B</source>
        <extracomment>kind -&gt; (English legend, fill, outline, brush style)</extracomment>
        <translation>B 中新增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>removed in B</source>
        <translation>B 中删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reshaped</source>
        <translation>形状改变</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>re-classed</source>
        <translation>用地性质改变</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>other attributes</source>
        <translation>其他属性改变</translation>
    </message>
</context>
<context>
    <name>CheckpointPanel</name>
    <message>
        <location filename="../../parkplanner/ui/workshop/checkpoint_panel.py" line="+43"/>
        <source>Checkpoint name</source>
        <translation>检查点名称</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save checkpoint</source>
        <translation>保存检查点</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Jump back</source>
        <translation>回到检查点</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Checkpoint {n}</source>
        <translation>检查点 {n}</translation>
    </message>
</context>
<context>
    <name>ChecksPanel</name>
    <message>
        <location filename="../../parkplanner/ui/panels/checks_panel.py" line="+22"/>
        <source>Zone</source>
        <translation>地块</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Limit</source>
        <translation>限值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>依据</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>No violations: every zone and the land-use balance meet the rules</source>
        <translation>无违规：所有地块及用地平衡均符合规则</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>1 zone violation</source>
        <translation>1 项地块违规</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} zone violations</source>
        <translation>{0} 项地块违规</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 zone</source>
        <translation>1 个地块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} zones</source>
        <translation>{0} 个地块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} in {1} (click a row to select the zone)</source>
        <translation>{0}，涉及 {1}（点击行可选中地块）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 land-use balance range missed by the whole plan</source>
        <translation>整体规划有 1 项用地平衡指标超出范围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} land-use balance ranges missed by the whole plan</source>
        <translation>整体规划有 {0} 项用地平衡指标超出范围</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+119"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>whole plan</source>
        <translation>规划区整体</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>No checks run yet</source>
        <extracomment>Emitted (frozenset[int]) when the set of zones with a violation changes. The shown scenario&apos;s zones above an area (the metrics engine&apos;s column; see plan_warnings). Rows of edits that changed a zone&apos;s area beyond belief (AreaJumpWatch), listed first.</extracomment>
        <translation>尚未检查</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>1 plausibility warning</source>
        <translation>1 项合理性提醒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} plausibility warnings</source>
        <translation>{0} 项合理性提醒</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../../parkplanner/ui/scenarios/compare_view.py" line="+77"/>
        <source>Swap</source>
        <extracomment>Recompute at most this often while edits stream in (a drag in another view). (chart, row, column, column span) of the comparison&apos;s charts. A ledger row was clicked: the zone id (the panels select it on the main canvas). Gives the window&apos;s MetricsBridge (its kept engines answer for both sides); without one each side is computed from scratch.</extracomment>
        <translation>互换</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A:</source>
        <translation>A：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>B:</source>
        <translation>B：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Section</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quantity</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Δ B − A</source>
        <translation>Δ B − A</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Δ %</source>
        <translation>Δ %</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Indicators</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change map</source>
        <translation>变化图</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Settings</source>
        <extracomment>The change map&apos;s paths are prepared once its tab has been seen: every zone of both scenarios, rebuilt after each edit, and each Qt path call holds the interpreter lock.</extracomment>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+165"/>
        <source>solid: B “{b}” · faint: A “{a}”</source>
        <translation>实色：B“{b}” · 浅色：A“{a}”</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>D: A {a} ({grade_a}) → B {b} ({grade_b}) · {n} zone(s) differ</source>
        <translation>D：A {a}（{grade_a}）→ B {b}（{grade_b}）· {n} 个地块不同</translation>
    </message>
</context>
<context>
    <name>ComparisonSide</name>
    <message>
        <location filename="../../parkplanner/ui/view3d/comparison.py" line="+88"/>
        <source>B: {0}</source>
        <translation>B：{0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Building 3D view</source>
        <translation>正在生成三维视图</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>3D view failed: {0}</source>
        <translation>三维视图生成失败：{0}</translation>
    </message>
</context>
<context>
    <name>ConflictPanel</name>
    <message>
        <location filename="../../parkplanner/ui/team/conflicts.py" line="+61"/>
        <source>Project settings: changed by {0}</source>
        <translation>项目设置：已被 {0} 修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zone {0}: deleted by {1}, changed here</source>
        <translation>地块 {0}：已被 {1} 删除，本处已修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zone {0}: changed by {1}, deleted here</source>
        <translation>地块 {0}：已被 {1} 修改，本处已删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zone {0}: changed by {1} and here</source>
        <translation>地块 {0}：{1} 与本处均已修改</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+33"/>
        <source>No conflicts.</source>
        <translation>没有冲突。</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Keep Mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save this session&apos;s version over theirs</source>
        <translation>用本会话的版本覆盖对方的版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take Theirs</source>
        <translation>采用对方的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace this session&apos;s version with theirs</source>
        <translation>用对方的版本替换本会话的版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select the zone on the map to compare or edit it</source>
        <translation>在地图上选中该地块以比较或编辑</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{0} zones were changed by someone else since you opened them. Nothing was overwritten: choose for each. On the map: yours in orange, theirs dashed purple.</source>
        <translation>自您打开以来，有 {0} 个地块已被他人修改。没有任何内容被覆盖：请逐一选择。地图上：您的版本为橙色，对方的为紫色虚线。</translation>
    </message>
</context>
<context>
    <name>DatabaseActions</name>
    <message>
        <location filename="../../parkplanner/ui/team/database_actions.py" line="+31"/>
        <source>Open from &amp;Database…</source>
        <extracomment>Replaceable in tests: asks for the URI (&quot;&quot; cancels).</extracomment>
        <translation>从数据库打开(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a team project from PostgreSQL/PostGIS</source>
        <translation>从 PostgreSQL/PostGIS 打开团队项目</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recent &amp;Connections</source>
        <translation>最近的连接(&amp;C)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{0} is not a postgresql:// address</source>
        <translation>{0} 不是 postgresql:// 地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+19"/>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Reading {0}</source>
        <translation>正在读取 {0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Opened {0}</source>
        <translation>已打开 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opening from the database</source>
        <translation>正在从数据库打开</translation>
    </message>
</context>
<context>
    <name>DatabaseSession</name>
    <message>
        <location filename="../../parkplanner/ui/team/session.py" line="+102"/>
        <source>Conflicts</source>
        <extracomment>Notifications arriving within this many milliseconds are fetched together. Others&apos; zones were taken into the project (list of Incoming).</extracomment>
        <translation>冲突</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Saving to {0}</source>
        <translation>正在保存到 {0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Saved {0} zones; {1} conflicts need a decision</source>
        <translation>已保存 {0} 个地块；{1} 处冲突有待决定</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved {0} zones to {1}</source>
        <translation>已将 {0} 个地块保存到 {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The project was not saved.

{0}</source>
        <translation>项目未保存。

{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saving to the database</source>
        <translation>正在保存到数据库</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Reopen the project to take the new settings</source>
        <translation>重新打开项目以采用新的设置</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Could not fetch others&apos; changes: {0}</source>
        <translation>无法获取他人的修改：{0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fetching changes</source>
        <translation>正在获取修改</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{0} changed zone {1}</source>
        <translation>{0} 修改了地块 {1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} changed zones {1}</source>
        <translation>{0} 修改了地块 {1}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Others&apos; changes no longer arrive ({0}); saving still checks for conflicts</source>
        <translation>已无法接收他人的修改（{0}）；保存时仍会检查冲突</translation>
    </message>
</context>
<context>
    <name>DrawingImportDialog</name>
    <message>
        <location filename="../../parkplanner/ui/dialogs/drawing_import.py" line="+31"/>
        <source>Import zones from a CAD drawing</source>
        <translation>从 CAD 图纸导入地块</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0}: parcels take their land use from block attributes, labels inside them or their layer names.</source>
        <translation>{0}：地块的用地性质取自块属性、地块内的文字标注或所在图层名。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The coordinate system the drawing is drawn in (projected, metres), e.g. EPSG:4548</source>
        <translation>图纸所用的坐标系（投影坐标，单位米），例如 EPSG:4548</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drawn in CRS:</source>
        <translation>图纸坐标系：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>As the drawing says ($INSUNITS)</source>
        <translation>按图纸设置（$INSUNITS）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Millimetres</source>
        <translation>毫米</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Centimetres</source>
        <translation>厘米</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Decimetres</source>
        <translation>分米</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Metres</source>
        <translation>米</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kilometres</source>
        <translation>千米</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Inches</source>
        <translation>英寸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feet</source>
        <translation>英尺</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Land-use codes:</source>
        <translation>用地代码标准：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Drawing units:</source>
        <translation>图纸单位：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loose line ends closer than this are joined into parcel outlines</source>
        <translation>端点距离小于此值的散线将连接成地块边界</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snapping tolerance:</source>
        <translation>捕捉容差：</translation>
    </message>
</context>
<context>
    <name>EditOptionsBar</name>
    <message>
        <location filename="../../parkplanner/ui/editor_panels.py" line="+286"/>
        <source>Avoid overlap</source>
        <extracomment>Zooming to a problem shows at least this much land around it (a 2 m² overlap needs context). Problems are drawn in black and warning yellow: red and magenta are land-use colours (commercial, civic) that a red highlight would vanish into, blue is the selection. Problem outlines with more path elements than this are drawn the fast way (see ProblemOverlay). (every problem, the picked one): paths, or chunked areas when ``bulk``. Bumped by every change of the problems or the picked one. (generation, data origin) of the paths shown, and of the build on a worker. EditOptions field -&gt; settings key.</extracomment>
        <translation>避免重叠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trim new and reshaped zones against their neighbours</source>
        <translation>新建或修改的地块按相邻地块裁切</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clip new zones to the boundary</source>
        <translation>新地块裁切至规划边界</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New and reshaped zones keep only what lies inside the boundary</source>
        <translation>新建或修改的地块只保留边界内的部分</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Topological editing</source>
        <translation>拓扑编辑</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dragging a vertex also moves the neighbours&apos; vertex at the same place</source>
        <translation>拖动顶点时，相邻地块在同一位置的顶点随之移动</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Replace what it covers</source>
        <translation>覆盖替换</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new zone drawn over others wins: they lose what it covers (instead of the new zone being trimmed)</source>
        <translation>新绘地块覆盖已有地块时以新地块为准：已有地块扣除被覆盖部分（而不是裁切新地块）</translation>
    </message>
</context>
<context>
    <name>EditorPanels</name>
    <message>
        <location line="+28"/>
        <source>Validation</source>
        <translation>图形检查</translation>
    </message>
</context>
<context>
    <name>ExceptionReporter</name>
    <message>
        <location filename="../../parkplanner/ui/dialogs/errors.py" line="+82"/>
        <source>

Your unsaved changes were autosaved to {0}.</source>
        <extracomment>Writes an up-to-date autosave and returns its path (None: nothing unsaved); set by app.run_gui to the window&apos;s Autosave.write_now, so the dialog can say where it is.</extracomment>
        <translation>

未保存的修改已自动保存到 {0}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ParkPlanner hit an unexpected error: {0}

Your project is still open; saving it under a new name is a good precaution.</source>
        <translation>ParkPlanner 遇到意外错误：{0}

项目仍处于打开状态；建议另存为新文件以防万一。</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <location filename="../../parkplanner/ui/file_actions.py" line="+75"/>
        <source>&amp;Import Zones from GIS…</source>
        <extracomment>Files that can become zones (import) or a reference layer. Replaceable in tests: ask where to write / what to read, and what a dropped GIS file is for. Asked when an import is refused for some rows: import the others? (message, row count) Asks the CRS, units and snapping of a CAD drawing to import (None: cancelled). Told what was written or imported, with the task&apos;s warnings (status bar by default). Shows what an import repaired or guessed (replaceable in tests: the box is modal).</extracomment>
        <translation>从 GIS 导入地块(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new project from polygons with land-use codes</source>
        <translation>由带用地代码的多边形新建项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import &amp;Context Layer…</source>
        <translation>导入参考图层(&amp;C)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roads, rivers or a CAD drawing drawn beneath the zones</source>
        <translation>绘于地块下方的道路、水系或 CAD 图纸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel &amp;Appendix…</source>
        <translation>Excel 规划附表(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The planning appendix workbook (.xlsx)</source>
        <translation>规划附表工作簿（.xlsx）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Map Image…</source>
        <translation>地图图片(&amp;M)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The map of the active scenario as PNG, SVG or PDF</source>
        <translation>当前方案的地图，导出为 PNG、SVG 或 PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Plan Sheets…</source>
        <translation>分图则(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The plan sheets of every block (cover, index, control indicators) as PDF or PNG</source>
        <translation>各街坊分图则（封面、索引、控制指标）导出为 PDF 或 PNG</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;GIS File…</source>
        <translation>GIS 文件(&amp;G)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The zones with their figures as GeoPackage, GeoJSON or Shapefile</source>
        <translation>地块及其指标，导出为 GeoPackage、GeoJSON 或 Shapefile</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is no longer there:
{0}</source>
        <translation>文件已不在原处：
{0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Import zones from GIS</source>
        <translation>从 GIS 导入地块</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+27"/>
        <location line="+30"/>
        <source>Reading {0}</source>
        <translation>正在读取 {0}</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>Imported {0} zones from {1}</source>
        <translation>已从 {1} 导入 {0} 个地块</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Importing zones</source>
        <translation>正在导入地块</translation>
    </message>
    <message>
        <location line="-5"/>
        <location line="+5"/>
        <location line="+21"/>
        <location line="+196"/>
        <source>Cannot import zones</source>
        <translation>无法导入地块</translation>
    </message>
    <message>
        <location line="-191"/>
        <source>Import context layer</source>
        <translation>导入参考图层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GIS data and drawings (*.gpkg *.geojson *.json *.shp *.dxf)</source>
        <translation>GIS 数据与图纸 (*.gpkg *.geojson *.json *.shp *.dxf)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Add context layer {0}</source>
        <translation>添加参考图层 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added context layer {0} ({1} features)</source>
        <translation>已添加参考图层 {0}（{1} 个要素）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Importing context layer</source>
        <translation>正在导入参考图层</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot import the layer</source>
        <translation>无法导入该图层</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export Excel appendix</source>
        <translation>导出 Excel 规划附表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Exporting Excel appendix</source>
        <translation>正在导出 Excel 规划附表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot export the appendix</source>
        <translation>无法导出规划附表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export map image</source>
        <translation>导出地图图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图片 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Drawing the map</source>
        <translation>正在绘制地图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exporting map image</source>
        <translation>正在导出地图图片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot export the map</source>
        <translation>无法导出地图</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export zones to GIS</source>
        <translation>将地块导出为 GIS 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp)</source>
        <translation>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp)</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+15"/>
        <source>Writing {0}</source>
        <translation>正在写入 {0}</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Exporting zones</source>
        <translation>正在导出地块</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot export the zones</source>
        <translation>无法导出地块</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Wrote {0}</source>
        <translation>已写入 {0}</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>{0}: cancelled</source>
        <translation>{0}：已取消</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import notes</source>
        <translation>导入说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check these repairs and guesses before planning on the data:</source>
        <translation>在此数据上开展规划前，请核对以下修复与推断：</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} is the open project&apos;s own file; exporting to it would destroy the project. Choose another file.</source>
        <translation>{0} 是当前打开的项目文件本身，导出到该文件会毁掉项目。请选择其他文件。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Import the other rows? The {0} rows named above are skipped and listed in the import notes.</source>
        <translation>导入其余各行？上面列出的 {0} 行将被跳过，并在导入说明中列出。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import the Other Rows</source>
        <translation>导入其余各行</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Dropped GIS file</source>
        <translation>拖入的 GIS 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What should {0} become?</source>
        <translation>如何使用 {0}？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Project from Its Zones</source>
        <translation>以其地块新建项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context Layer of This Project</source>
        <translation>作为本项目的参考图层</translation>
    </message>
    <message>
        <location line="-280"/>
        <source>GIS data and CAD drawings (*.gpkg *.geojson *.json *.shp *.dxf)</source>
        <translation>GIS 数据与 CAD 图纸 (*.gpkg *.geojson *.json *.shp *.dxf)</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>&amp;CAD Drawing…</source>
        <translation>CAD 图纸(&amp;C)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The zones as a layered DXF drawing with hatches, labels and block attributes</source>
        <translation>地块导出为分图层的 DXF 图纸，含填充、标注和块属性</translation>
    </message>
    <message>
        <location line="+218"/>
        <source>Export CAD drawing</source>
        <translation>导出 CAD 图纸</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>DXF drawing (*.dxf)</source>
        <translation>DXF 图纸 (*.dxf)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Exporting CAD drawing</source>
        <translation>正在导出 CAD 图纸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot export the drawing</source>
        <translation>无法导出图纸</translation>
    </message>
    <message>
        <location line="-102"/>
        <source>Reading columns</source>
        <translation>正在读取字段</translation>
    </message>
</context>
<context>
    <name>FileGuard</name>
    <message>
        <location filename="../../parkplanner/ui/file_guard.py" line="+100"/>
        <source>Project already open</source>
        <extracomment>Asked when another window or program holds the lock; tests replace it. Asked when the file changed on disk since it was read; True overwrites. Tests replace it.</extracomment>
        <translation>项目已被打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{0}” is already open: {1}.

If you both save, one side&apos;s changes are lost. Open it read-only (your changes can be saved under another name), or open it anyway?</source>
        <translation>“{0}”已被打开：{1}。

如双方都保存，一方的修改将丢失。以只读方式打开（修改可另存为新文件），还是仍然打开？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open read-only</source>
        <translation>只读打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open anyway</source>
        <translation>仍然打开</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>File changed on disk</source>
        <translation>磁盘上的文件已更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{0}” was changed by another program or window since you opened or saved it.

Overwrite it with your version? (Choose No and use Save As to keep both.)</source>
        <translation>自您打开或保存以来，“{0}”已被其他程序或窗口修改。

用您的版本覆盖它吗？（选择“否”并使用“另存为”可保留两者。）</translation>
    </message>
</context>
<context>
    <name>GeorefDialog</name>
    <message>
        <location filename="../../parkplanner/ui/dialogs/georef_dialog.py" line="+151"/>
        <source>Georeference {0}</source>
        <translation>配准 {0}</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Control Points of {0}</source>
        <extracomment>(number, x, y) of the points placed on the map, marked so they can be checked and re-picked. The scan over the map is drawn from a copy at most this wide: a 4,096-pixel image transformed into every map frame costs 35-65 ms, a 1,024-pixel one a few (semi-transparent, it only has to show whether the scan lines up).</extracomment>
        <translation>{0} 的控制点</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0}: {1} x {2} pixels, but the control points were placed on a scan of {3} x {4}: choose that scan</source>
        <translation>{0}：{1} × {2} 像素，但控制点是在 {3} × {4} 的扫描图上选取的：请选择那张扫描图</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Y</source>
        <translation>Y</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Affine (3 or more points)</source>
        <translation>仿射(3 个及以上控制点)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Projective (4 or more points)</source>
        <translation>投影(4 个及以上控制点)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New Point</source>
        <translation>新建控制点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pick on Map</source>
        <translation>在地图上拾取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The next click on the map sets the selected point&apos;s map position (snapping to zones and context layers)</source>
        <translation>下一次在地图上点击将设定所选控制点的地图位置(可捕捉地块与参考图层)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove Point</source>
        <translation>删除控制点</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add Base Map</source>
        <translation>添加底图</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Warp Again</source>
        <translation>重新校正</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>New Point, then double-click the scan where it lies, then Pick on Map and click the same place on the map. To move the selected point, double-click or pick again, or type its coordinates.</source>
        <translation>点“新建控制点”，在扫描图上双击其所在位置，再点“在地图上拾取”并在地图上点击同一地点。要移动所选控制点，可再次双击或拾取，或直接输入坐标。</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>Click the map where the selected point lies.</source>
        <translation>请在地图上点击所选控制点所在的位置。</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>{0} of {1} points placed on both the scan and the map</source>
        <translation>已在扫描图和地图上放置 {0} / {1} 个控制点</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>RMS {0:.3f} m over {1} points</source>
        <translation>{1} 个控制点的均方根误差 {0:.3f} 米</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../parkplanner/ui/help_menu.py" line="+86"/>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About ParkPlanner</source>
        <translation>关于 ParkPlanner(&amp;A)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>User guide</source>
        <translation>用户指南</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The user guide is not installed with this copy.</source>
        <translation>此安装未附带用户指南。</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../parkplanner/ui/panels/history_panel.py" line="+17"/>
        <source>Opened project</source>
        <translation>打开项目</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../parkplanner/ui/dialogs/import_dialog.py" line="+32"/>
        <source>Name</source>
        <extracomment>What each attribute is called in the dialog (translated where shown; marked for lupdate).</extracomment>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Land use</source>
        <translation>用地性质</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FAR</source>
        <translation>容积率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Site coverage</source>
        <translation>建筑密度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Green ratio</source>
        <translation>绿地率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Height limit (m)</source>
        <translation>建筑限高（米）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Industry sector</source>
        <translation>产业门类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phase</source>
        <translation>分期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start year</source>
        <translation>启动年份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Floor area (m²)</source>
        <translation>建筑面积（m²）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Import zones from {0}</source>
        <translation>从 {0} 导入地块</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} features, {1} columns. Each attribute below is read from the column chosen for it (guessed from the usual names).</source>
        <translation>{0} 个要素，{1} 个字段。下列各属性从所选字段读取（已按常用字段名预填）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Land use (required)</source>
        <translation>用地性质（必填）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Columns</source>
        <translation>字段对应</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>First rows</source>
        <translation>前几行数据</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Source code</source>
        <translation>原代码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zones</source>
        <translation>地块数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalogue code ({0})</source>
        <translation>目录代码（{0}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Load Recode Table…</source>
        <translation>载入代码对照表…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A CSV file of two columns: source code, catalogue code</source>
        <translation>两列的 CSV 文件：原代码，目录代码</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unknown land-use codes</source>
        <translation>未识别的用地代码</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+112"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Load recode table</source>
        <translation>载入代码对照表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Choose the column that holds the land-use codes.</source>
        <translation>请选择存放用地代码的字段。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every land-use code is in the {0} catalogue.</source>
        <translation>所有用地代码均在 {0} 目录中。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} of {1} codes are not in the {2} catalogue: choose a catalogue code for each, or import without their rows.</source>
        <translation>{1} 个代码中有 {0} 个不在 {2} 用地分类中：请为每个代码选择分类代码，或不导入其所在行。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import Without Their Rows</source>
        <translation>导入（跳过这些行）</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>All {0} unknown codes are recoded.</source>
        <translation>{0} 个未识别代码均已对应。</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <location filename="../../parkplanner/ui/panels/inspector_panel.py" line="+78"/>
        <source>Plot ratio (FAR)</source>
        <extracomment>The numeric fields in form order; coverage and green ratio are fractions shown as percent.</extracomment>
        <translation>容积率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Building coverage</source>
        <translation>建筑密度</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <location line="+2"/>
        <source>empty: not set</source>
        <translation>留空：不设定</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Green ratio</source>
        <translation>绿地率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Height limit</source>
        <translation>建筑限高</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Phase</source>
        <translation>分期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start year</source>
        <translation>启动年份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty: the phase&apos;s start year</source>
        <translation>留空：采用所属分期的启动年份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GFA override</source>
        <translation>指定建筑面积</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty: area × FAR</source>
        <translation>留空：用地面积 × 容积率</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Unit-block-parcel, e.g. BD01-03-12; unique in the scenario</source>
        <translation>规划单元-街坊-地块，如 BD01-03-12；方案内唯一</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Parcel code</source>
        <translation>地块编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Land use</source>
        <translation>用地性质</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sector</source>
        <translation>产业门类</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>range {0}</source>
        <translation>取值范围 {0}</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>No zone selected — click a zone on the map</source>
        <translation>未选中地块——请在地图上点击地块</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Zone {0}</source>
        <translation>地块 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} zones selected — edits apply to all of them</source>
        <translation>已选中 {0} 个地块——修改将作用于全部</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Area {0:,.2f} ha ({1:,.1f} mu) · GFA {2:,.0f} m²</source>
        <translation>用地面积 {0:,.2f} 公顷（{1:,.1f} 亩）· 建筑面积 {2:,.0f} m²</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>from phase: {0}</source>
        <translation>按分期：{0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no sector)</source>
        <translation>（无产业）</translation>
    </message>
</context>
<context>
    <name>LandUseField</name>
    <message>
        <location filename="../../parkplanner/ui/panels/landuse_picker.py" line="+158"/>
        <source>{0} {1} / {2} (generic class {3})</source>
        <translation>{0} {1} / {2}（通用类别 {3}）</translation>
    </message>
</context>
<context>
    <name>LandUsePicker</name>
    <message>
        <location line="-140"/>
        <source>— mixed —</source>
        <extracomment>Shown in place of a value when the selected zones disagree (``mixed_text`` in the interface language).</extracomment>
        <translation>— 多个取值 —</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Search code or name (e.g. 1001, 工业, industrial)</source>
        <translation>搜索代码或名称（如 1001、工业、industrial）</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{0} {1} / {2}
generic class {3}</source>
        <translation>{0} {1} / {2}
通用类别 {3}</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../../parkplanner/ui/i18n.py" line="+108"/>
        <source>&amp;Language</source>
        <extracomment>Interface languages shipped, as Qt locale names.</extracomment>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>System Default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The interface language changes when ParkPlanner is started again.</source>
        <translation>界面语言将在重新启动 ParkPlanner 后切换。</translation>
    </message>
</context>
<context>
    <name>LegendPanel</name>
    <message>
        <location filename="../../parkplanner/ui/panels/legend_panel.py" line="+214"/>
        <source>{0:,} zones, {1:,.2f} ha</source>
        <extracomment>Where opening leaves the shown scenario&apos;s legend totals made on its worker (``ui.prepared``). Scenarios whose totals the panel keeps (the shown one included), as the canvas keeps its layers. zone id -&gt; (the zone object counted, its code, its area m²) scenario id -&gt; (the scenario object, its totals), the shown one last</extracomment>
        <translation>{0:,} 个地块，{1:,.2f} 公顷</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0:,} zones, {1:,.1f} ha</source>
        <translation>{0:,} 个地块，{1:,.1f} 公顷</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No zones yet</source>
        <translation>尚无地块</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../parkplanner/ui/main_window.py" line="+102"/>
        <source>Tools</source>
        <extracomment>First start (no saved layout): shares of the window&apos;s width for the left tab stack, the right docks and the map (1600 px: about 300 | 725 map | 560 dashboard). ... and of its height for the bottom docks (checks, comparison). Narrower first-start windows put all bottom docks in one tab stack. Undo steps kept per document: a day of workshop edits, with memory bounded over a long session (benchmarks/bench_long_session.py --limit 1000 shows the heap levelling off once it is reached). The project, history, bridge and tools were replaced (new or opened project). The project was written to this path (Save or Save As). The window closed cleanly (changes saved or discarded): autosave and lock clean up. Asked before unsaved changes would be lost; tests replace it to answer without a dialog. Consulted after a project was read and before it is shown (&quot;write&quot;, &quot;read-only&quot;: shown without its path, &quot;cancel&quot;), and before every save (False: do not write). FileGuard (file_guard.py) installs the lock and on-disk-change checks here. The database session (ui/team) when the project came from a database: Save goes there. The QActions of menus and toolbar (not ``actions``: that would hide QWidget.actions()).</extracomment>
        <translation>工具</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+180"/>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The project could not be opened.

{0}</source>
        <translation>无法打开该项目。

{0}</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The project was not saved.

{0}</source>
        <translation>项目未保存。

{0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the changes to “{0}” before closing it?</source>
        <translation>关闭前保存对“{0}”的修改吗？</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>Opening project</source>
        <translation>正在打开项目</translation>
    </message>
</context>
<context>
    <name>MassingView</name>
    <message>
        <location filename="../../parkplanner/ui/view3d/massing_view.py" line="+25"/>
        <source>Top</source>
        <extracomment>Edits touching more zones than this rebuild the scene on a worker instead of in place: an in-place edit of 500 zones cost ~19 ms of the GUI thread at 20,000 zones, over one frame. (view name, button text, key) in toolbar order.</extracomment>
        <translation>顶视</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SW</source>
        <translation>西南</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SE</source>
        <translation>东南</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NE</source>
        <translation>东北</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NW</source>
        <translation>西北</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Standard view: {0} (key {1})</source>
        <translation>标准视角：{0}（按键 {1}）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The active scenario follows every edit; pick another to compare</source>
        <translation>当前方案随每次编辑实时更新；选择其他方案进行比较</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compare:</source>
        <translation>对比：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Another scenario side by side, with one camera for both</source>
        <translation>另一方案并排显示，两侧共用一个相机</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Base map</source>
        <translation>底图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The project&apos;s base maps and context layers (roads, rivers) on the ground</source>
        <translation>地面显示项目的底图和参考图层（道路、河流）</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>Drawing the base map in 3D</source>
        <translation>正在绘制三维底图</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Base map: {0}</source>
        <translation>底图：{0}</translation>
    </message>
    <message>
        <location line="-88"/>
        <source>Active scenario ({0})</source>
        <translation>当前方案（{0}）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No comparison</source>
        <translation>不对比</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>A: {0}</source>
        <translation>A：{0}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Building 3D…</source>
        <translation>正在生成三维…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Building 3D view</source>
        <translation>生成三维视图</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>3D view failed: {0}</source>
        <translation>三维视图生成失败：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0:,} zones</source>
        <translation>{0:,} 个地块</translation>
    </message>
</context>
<context>
    <name>MassingWindow</name>
    <message>
        <location filename="../../parkplanner/ui/view3d/panels.py" line="+27"/>
        <source>ParkPlanner — 3D view</source>
        <translation>ParkPlanner — 三维视图</translation>
    </message>
</context>
<context>
    <name>MirrorWindow</name>
    <message>
        <location filename="../../parkplanner/ui/workshop/mirror_window.py" line="+28"/>
        <source>ParkPlanner — dashboard</source>
        <translation>ParkPlanner — 指标看板</translation>
    </message>
</context>
<context>
    <name>OpenDatabaseDialog</name>
    <message>
        <location filename="../../parkplanner/ui/team/connections.py" line="+40"/>
        <source>Open from Database</source>
        <translation>从数据库打开</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection (the project&apos;s schema after ?schema=):</source>
        <translation>连接（项目所在模式写在 ?schema= 之后）：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Passwords are never stored: PostgreSQL reads them from your pgpass or service file. TLS options such as sslmode=verify-full may be added to the address.</source>
        <translation>密码从不保存：PostgreSQL 从您的 pgpass 或服务文件中读取密码。可在地址中加入 TLS 选项，如 sslmode=verify-full。</translation>
    </message>
</context>
<context>
    <name>OverridesEditor</name>
    <message>
        <location filename="../../parkplanner/ui/scenarios/overrides_editor.py" line="+111"/>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+4"/>
        <source>Project</source>
        <translation>项目值</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+4"/>
        <source>Scenario</source>
        <translation>方案值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sector value</source>
        <translation>产业参数</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Overrides of “{name}” (empty: project value)</source>
        <translation>“{name}”的参数覆盖（留空：采用项目值）</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+16"/>
        <source>Override</source>
        <translation>覆盖值</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>“{text}” is not a number.</source>
        <translation>“{text}”不是数字。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Override {key} in {name}</source>
        <translation>在 {name} 中覆盖 {key}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Override {field} of {sector} in {name}</source>
        <translation>在 {name} 中覆盖 {sector} 的 {field}</translation>
    </message>
    <message>
        <location line="-193"/>
        <source>Floor area per resident (m²)</source>
        <extracomment>(key, sub-key) of every overridable parameter: scalars, then class_m2_gfa_per_job per class. What the planner calls each parameter (translated where shown; marked for lupdate).</extracomment>
        <translation>人均居住建筑面积（m²）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Household size (persons)</source>
        <translation>户均人口（人）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employed share of residents</source>
        <translation>居民就业率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Housing share of mixed use</source>
        <translation>混合用地居住占比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Horizon year</source>
        <translation>规划期末年份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Floor area per job, {0} (m²)</source>
        <translation>岗均建筑面积（{0}，m²）</translation>
    </message>
</context>
<context>
    <name>ParcelActions</name>
    <message>
        <location filename="../../parkplanner/ui/parcel_actions.py" line="+26"/>
        <source>&amp;Number Parcels</source>
        <translation>地块编码(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give a parcel code to every zone that has none</source>
        <translation>为尚无编码的地块生成地块编码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Renumber &amp;All Parcels</source>
        <translation>全部重新编码(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number every parcel again by block, north to south, west to east</source>
        <translation>按街坊自北向南、自西向东重新编排全部地块编码</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Every parcel already has its code</source>
        <translation>所有地块均已有编码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} parcel codes set</source>
        <translation>已设置 {0} 个地块编码</translation>
    </message>
</context>
<context>
    <name>PhaseBalanceView</name>
    <message>
        <location filename="../../parkplanner/ui/scenarios/phase_balance_view.py" line="+30"/>
        <source>industry outruns the city</source>
        <translation>产业超前于城市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>city outruns industry</source>
        <translation>城市超前于产业</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>balanced</source>
        <translation>平衡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty</source>
        <translation>无地块</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Cumulative (phases 1..k built)</source>
        <translation>累计（第 1 至 k 期建成）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each phase on its own</source>
        <translation>各期单独</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>jobs</source>
        <translation>就业岗位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>employed residents</source>
        <translation>就业居民</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Phase</source>
        <translation>分期</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zones</source>
        <translation>地块</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Jobs</source>
        <translation>就业岗位</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Employed residents</source>
        <translation>就业居民</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs ÷ employed</source>
        <translation>职住比</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Civic m²/resident</source>
        <translation>人均公共服务设施 m²</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Green m²/resident</source>
        <translation>人均绿地 m²</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balance</source>
        <translation>平衡</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Jobs and employed residents by phase (label: jobs ÷ employed)</source>
        <translation>各期就业岗位与就业居民（标注：职住比）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>civic short</source>
        <translation>公服不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>green short</source>
        <translation>绿地不足</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{n} of {m} phase rows outside the balanced band {low:g}–{high:g}</source>
        <translation>{m} 行分期中有 {n} 行超出职住平衡区间 {low:g}–{high:g}</translation>
    </message>
</context>
<context>
    <name>PlanSheetExport</name>
    <message>
        <location filename="../../parkplanner/ui/plan_sheet_export.py" line="+27"/>
        <source>Export plan sheets</source>
        <translation>导出分图则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF document (*.pdf);;PNG images, one per sheet (*.png)</source>
        <translation>PDF 文档 (*.pdf);;PNG 图片，每张图则一个 (*.png)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sheet {0}</source>
        <translation>图则 {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Drawing the plan sheets</source>
        <translation>正在绘制分图则</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exporting plan sheets</source>
        <translation>正在导出分图则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot export the plan sheets</source>
        <translation>无法导出分图则</translation>
    </message>
</context>
<context>
    <name>PlanningPanels</name>
    <message>
        <location filename="../../parkplanner/ui/planning_panels.py" line="+45"/>
        <source>Zone inspector</source>
        <translation>地块属性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dashboard</source>
        <translation>指标看板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standards checks</source>
        <translation>规范校核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Project &amp;settings…</source>
        <translation>项目设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Sectors…</source>
        <translation>产业门类(&amp;E)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chinese names in charts (中文)</source>
        <translation>图表使用中文名称</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Project</source>
        <translation>项目(&amp;P)</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../../parkplanner/ui/panels/validation_panel.py" line="+90"/>
        <source>Problem</source>
        <extracomment>The check runs this long after the last geometry change (coalesces drags and bursts of edits). Above this many zones the check runs on a worker thread (~160 ms at 20,000 zones). How often the GUI looks whether a background check is done. Same default as ``parkplanner validate --sliver-area``. Geometry changes: attribute edits (FAR, codes typed in the inspector) never start a check.</extracomment>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zones</source>
        <translation>地块</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invalid geometry</source>
        <translation>无效几何</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Gap</source>
        <translation>缝隙</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sliver</source>
        <translation>碎片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outside boundary</source>
        <translation>超出边界</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>many zones</source>
        <translation>多个地块</translation>
    </message>
</context>
<context>
    <name>ProjectSettingsDialog</name>
    <message>
        <location filename="../../parkplanner/ui/dialogs/project_settings.py" line="+34"/>
        <source>Residential GFA per resident (m²)</source>
        <extracomment>(name, label, minimum, maximum, decimals, step) of the scalar parameters.</extracomment>
        <translation>人均居住建筑面积（m²）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Household size (persons)</source>
        <translation>户均人口（人）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employed share of residents</source>
        <translation>居民就业率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Housing share of mixed-use GFA</source>
        <translation>混合用地中居住建筑面积占比</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Projection horizon (year)</source>
        <translation>预测期末（年）</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Project settings</source>
        <extracomment>Asked before a scheme switch recodes zones (scheme, &quot;old → new (zones)&quot; rows); tests replace it.</extracomment>
        <translation>项目设置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Land use and parameters</source>
        <translation>用地与参数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phases</source>
        <translation>分期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Targets</source>
        <translation>规划目标</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sectors</source>
        <translation>产业门类</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Every change applies at once, updates the dashboard and can be undone (Ctrl+Z).</source>
        <translation>每项修改立即生效并更新指标看板，可撤销（Ctrl+Z）。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Land-use scheme</source>
        <translation>用地分类标准</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&lt;b&gt;Floor area per job by class (m² GFA per job)&lt;/b&gt; — used when a zone has no sector</source>
        <translation>&lt;b&gt;各类用地岗位面积（m² 建筑面积/岗位）&lt;/b&gt;——用于未指定产业门类的地块</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Phase</source>
        <translation>分期</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start year</source>
        <translation>启动年份</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add phase</source>
        <translation>添加分期</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Target value</source>
        <translation>目标值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Year (empty: build-out)</source>
        <translation>年份（留空：全部建成）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add target</source>
        <translation>添加目标</translation>
    </message>
    <message>
        <location line="+161"/>
        <source>Select a phase row first</source>
        <translation>请先选择分期行</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Select a target row first</source>
        <translation>请先选择目标行</translation>
    </message>
    <message>
        <location line="-264"/>
        <source>3D massing</source>
        <translation>三维体量</translation>
    </message>
    <message>
        <location line="+156"/>
        <source>Switch land-use scheme</source>
        <translation>切换用地分类标准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} codes are not in {1}. Recode them through their generic classes (one undo step)?</source>
        <translation>{0} 个代码不在 {1} 中。是否按通用大类对应转换（一步撤销）？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Recode and Switch</source>
        <translation>转换并切换</translation>
    </message>
</context>
<context>
    <name>ProjectionPanel</name>
    <message>
        <location filename="../../parkplanner/ui/scenarios/projection_panel.py" line="+31"/>
        <source>Output value</source>
        <extracomment>series -&gt; (English title, unit, number format)</extracomment>
        <translation>产值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tax revenue</source>
        <translation>税收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs</source>
        <translation>就业岗位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Residents</source>
        <translation>居住人口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered entities</source>
        <translation>注册企业数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High-tech enterprises</source>
        <translation>高新技术企业数</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Calibrate…</source>
        <translation>校准…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit the projection to the observed values</source>
        <translation>按实测值拟合发展预测</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scenario:</source>
        <translation>方案：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>faint:</source>
        <translation>浅色：</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>(active scenario)</source>
        <extracomment>The series&apos; plots, made half a plot per turn of the event loop (a plot is 20-50 ms; six at once stalled the window when the panel first came to the front); ``recompute`` and ``build_plots`` make the rest at once. Only finished plots are listed here.</extracomment>
        <translation>（当前方案）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>line: forecast of “{name}” (stored calibration) · dots: observed · dashed green: plan target</source>
        <translation>实线：“{name}”的预测（已存校准）· 圆点：实测 · 绿色虚线：规划目标</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} zone(s) without a start year are left out</source>
        <translation>{n} 个地块无启动年份，未计入</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No zone has a start year yet.</source>
        <translation>尚无地块设定启动年份。</translation>
    </message>
</context>
<context>
    <name>RecentFiles</name>
    <message>
        <location filename="../../parkplanner/ui/recent_files.py" line="+72"/>
        <source>&amp;Clear Menu</source>
        <translation>清除列表(&amp;C)</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../parkplanner/ui/dialogs/recovery_dialog.py" line="+33"/>
        <source>Recover unsaved work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ParkPlanner did not close normally last time. These autosaves hold changes that were not saved:</source>
        <translation>ParkPlanner 上次未正常关闭。以下自动保存文件包含未保存的修改：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Recover</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not now</source>
        <translation>暂不处理</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Cannot recover</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The autosave could not be read.

{0}</source>
        <translation>无法读取自动保存文件。

{0}</translation>
    </message>
</context>
<context>
    <name>ScenarioPanel</name>
    <message>
        <location filename="../../parkplanner/ui/scenarios/scenario_panel.py" line="+50"/>
        <source>New</source>
        <extracomment>The planner asked to compare the selected scenario with the active one: (a_id, b_id). Asked for a new name; tests replace it to answer without a dialog (None = cancelled). Asked before deleting; tests replace it.</extracomment>
        <translation>新建</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A new scenario without zones</source>
        <translation>新建不含地块的方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A copy of the selected scenario</source>
        <translation>复制所选方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rename the selected scenario</source>
        <translation>重命名所选方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switch to</source>
        <translation>切换到</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show and edit the selected scenario</source>
        <translation>显示并编辑所选方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Move the selected scenario up</source>
        <translation>将所选方案上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Move the selected scenario down</source>
        <translation>将所选方案下移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete the selected scenario</source>
        <translation>删除所选方案</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Compare with active</source>
        <translation>与当前方案比较</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare the selected scenario (A) with the active one (B)</source>
        <translation>将所选方案（A）与当前方案（B）比较</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>%n zone(s)</source>
        <translation>
            <numerusform>%n 个地块</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n override(s) of project settings</source>
        <translation>
            <numerusform>%n 项项目参数覆盖</numerusform>
        </translation>
    </message>
    <message>
        <location line="+49"/>
        <location line="+6"/>
        <source>Rename scenario</source>
        <translation>重命名方案</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Scenario name:</source>
        <translation>方案名称：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Delete scenario</source>
        <translation>删除方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the scenario “{name}”? Undo brings it back.</source>
        <translation>删除方案“{name}”吗？可通过撤销恢复。</translation>
    </message>
    <message>
        <location line="-75"/>
        <source>Now editing scenario “{0}”</source>
        <translation>正在编辑方案“{0}”</translation>
    </message>
</context>
<context>
    <name>ScenarioPanels</name>
    <message>
        <location filename="../../parkplanner/ui/scenario_panels.py" line="+53"/>
        <source>Scenarios</source>
        <extracomment>Below this size (px) the docked comparison cuts its headers and pushes the B and Δ columns off. The comparison, projection and phase-balance views of the document, by name, once made: each is made when its dock tab first comes to the front (or ``compare`` and the like are read), not at every open: a dozen charts are about a fifth of a second.</extracomment>
        <translation>方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare scenarios</source>
        <translation>方案比较</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Projection</source>
        <translation>发展预测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phase balance</source>
        <translation>分期平衡</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;New scenario</source>
        <translation>新建方案(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Duplicate active scenario</source>
        <translation>复制当前方案(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Compare scenarios</source>
        <translation>比较方案(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ca&amp;librate projection…</source>
        <translation>校准发展预测(&amp;L)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Workshop mode</source>
        <translation>工作坊模式(&amp;W)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Mirror dashboard on a second screen</source>
        <translation>在第二屏幕镜像指标看板(&amp;M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S&amp;cenario</source>
        <translation>方案(&amp;C)</translation>
    </message>
</context>
<context>
    <name>SceneItems</name>
    <message>
        <location filename="../../parkplanner/ui/view3d/scene_items.py" line="+143"/>
        <source>Preparing the 3D view for moving</source>
        <extracomment>The planning red line (规划红线), the map&apos;s boundary colour (ui/canvas/styles.boundary_pen). The map&apos;s warm paper tone, so the 3D view sits beside the map without a colour jump. Lines lie this far above the ground so the flat zones do not hide them. While the camera moves: the MovingScene and its two items (None: the full scene always).</extracomment>
        <translation>正在准备三维视图的移动显示</translation>
    </message>
</context>
<context>
    <name>SectorEditorDialog</name>
    <message>
        <location filename="../../parkplanner/ui/dialogs/sector_editor.py" line="+193"/>
        <source>Sectors</source>
        <translation>产业门类</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Edits apply at once and can be undone (Ctrl+Z).</source>
        <translation>修改立即生效，可撤销（Ctrl+Z）。</translation>
    </message>
</context>
<context>
    <name>SectorTable</name>
    <message>
        <location line="-167"/>
        <source>Name</source>
        <extracomment>Every editable field in column order, with its header.</extracomment>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>中文名</source>
        <translation>中文名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>m² GFA / job</source>
        <translation>m² 建筑面积/岗位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output 万元/亩</source>
        <translation>产值 万元/亩</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tax 万元/亩</source>
        <translation>税收 万元/亩</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Firms / ha</source>
        <translation>企业数/公顷</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High-tech share</source>
        <translation>高新技术占比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FAR min</source>
        <translation>容积率下限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coverage min</source>
        <translation>建筑密度下限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Green max</source>
        <translation>绿地率上限</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Add sector</source>
        <extracomment>Plausible inclusive limits; None is open-ended. Shares are fractions.</extracomment>
        <translation>添加产业门类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove sector</source>
        <translation>删除产业门类</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Select a sector row first</source>
        <translation>请先选择产业门类行</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} is used by {1} zone(s); give those zones another sector first</source>
        <translation>{0} 已用于 {1} 个地块；请先为这些地块指定其他产业门类</translation>
    </message>
    <message>
        <location line="-133"/>
        <source>Ramp half-time (yr)</source>
        <translation>爬坡半程时间（年）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ramp width (yr)</source>
        <translation>爬坡宽度（年）</translation>
    </message>
</context>
<context>
    <name>StatusReadout</name>
    <message>
        <location filename="../../parkplanner/ui/canvas/status_readout.py" line="+40"/>
        <source>Unit of areas (1 mu = 666.67 m²)</source>
        <extracomment>Unit -&gt; square metres per unit.</extracomment>
        <translation>面积单位（1 亩 = 666.67 m²）</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>zone {0}</source>
        <translation>地块 {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1 zone selected: {1}</source>
        <translation>已选 1 个地块：{1}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0:,} zones selected: {1}</source>
        <translation>已选 {0:,} 个地块：{1}</translation>
    </message>
</context>
<context>
    <name>Steps</name>
    <message>
        <location filename="../../parkplanner/ui/step_labels.py" line="+22"/>
        <source>Add zone</source>
        <extracomment>(regular expression of the English label, translatable template with {0}, {1}… for its groups); the first match wins, so fixed sentences come before the general shapes they also fit.</extracomment>
        <translation>添加地块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add {0} zones</source>
        <translation>添加 {0} 个地块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw zone</source>
        <translation>绘制地块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw rectangle</source>
        <translation>绘制矩形地块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete zone</source>
        <translation>删除地块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete zone {0}</source>
        <translation>删除地块 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete {0} zones</source>
        <translation>删除 {0} 个地块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete sliver zone {0}</source>
        <translation>删除碎片地块 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reshape zone</source>
        <translation>修改地块形状</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move zone {0}</source>
        <translation>移动地块 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move {0} zones</source>
        <translation>移动 {0} 个地块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move vertex of zone {0}</source>
        <translation>移动地块 {0} 的顶点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete vertex of zone {0}</source>
        <translation>删除地块 {0} 的顶点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split zone {0} into {1}</source>
        <translation>将地块 {0} 分割为 {1} 块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split {0} zones into {1}</source>
        <translation>将 {0} 个地块分割为 {1} 块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge {0} zones into zone {1}</source>
        <translation>将 {0} 个地块合并为地块 {1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repair zone {0}</source>
        <translation>修复地块 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set {0} on {1} zones</source>
        <translation>为 {1} 个地块设置{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set {0}</source>
        <translation>设置{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate scenario {0}</source>
        <translation>复制方案 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete scenario {0}</source>
        <translation>删除方案 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move scenario {0}</source>
        <translation>移动方案 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename scenario to {0}</source>
        <translation>将方案重命名为 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jump to checkpoint {0}</source>
        <translation>回到检查点 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calibrate projection</source>
        <translation>校准发展预测</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Set observed values</source>
        <translation>设置实测值</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Change {0}</source>
        <translation>修改 {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} (trimmed against {1} neighbours)</source>
        <extracomment>&quot;Draw zone (trimmed against 2 neighbours)&quot;: the step, then how the edit was adjusted.</extracomment>
        <translation>{0}（按 {1} 个相邻地块裁切）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>land use</source>
        <extracomment>Zone attribute keys as the inspector names them.</extracomment>
        <translation>用地性质</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sector</source>
        <translation>产业门类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>plot ratio</source>
        <translation>容积率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>building coverage</source>
        <translation>建筑密度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>green ratio</source>
        <translation>绿地率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>height limit</source>
        <translation>建筑限高</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>phase</source>
        <translation>分期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>start year</source>
        <translation>启动年份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GFA override</source>
        <translation>指定建筑面积</translation>
    </message>
</context>
<context>
    <name>StoreyHeightsTab</name>
    <message>
        <location filename="../../parkplanner/ui/dialogs/storey_heights.py" line="+27"/>
        <source>Floor-to-floor height of each class. A zone without a height limit is drawn in 3D as tall as its GFA ÷ footprint (storeys) × this height.</source>
        <translation>各类用地的层高。无限高的地块在三维视图中的高度为 建筑面积 ÷ 基底面积（层数）× 该层高。</translation>
    </message>
</context>
<context>
    <name>Tools</name>
    <message>
        <location filename="../../parkplanner/ui/tool_texts.py" line="+16"/>
        <source>Select</source>
        <extracomment>Tool name -&gt; menu and toolbar title.</extracomment>
        <translation>选择</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw polygon</source>
        <translation>绘制多边形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit vertices</source>
        <translation>编辑顶点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split</source>
        <translation>分割</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measure</source>
        <translation>量测</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Click to select (Shift+click adds), drag a box to select, drag a selected zone to move it</source>
        <translation>单击选择（Shift+单击加选），拖框选择，拖动已选地块可移动</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click to add vertices; Enter or double-click finishes, Backspace removes the last, Esc cancels</source>
        <translation>单击添加顶点；回车或双击完成，退格删除上一个顶点，Esc 取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Press at one corner and drag to the opposite corner; Esc cancels</source>
        <translation>在一角按下并拖到对角；Esc 取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag a vertex to move it, double-click an edge to add one, Delete removes the highlighted vertex</source>
        <translation>拖动顶点可移动，双击边可添加顶点，Delete 删除高亮顶点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click a line across the zone; Enter or double-click splits, Backspace removes a point, Esc cancels</source>
        <translation>单击绘制穿过地块的分割线；回车或双击分割，退格删除一个点，Esc 取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click points to measure; Enter or double-click ends, Esc clears</source>
        <translation>单击各点量测；回车或双击结束，Esc 清除</translation>
    </message>
</context>
<context>
    <name>UserGuideViewer</name>
    <message>
        <location filename="../../parkplanner/ui/help_menu.py" line="-80"/>
        <source>ParkPlanner User Guide</source>
        <translation>ParkPlanner 用户指南</translation>
    </message>
</context>
<context>
    <name>ValidationPanel</name>
    <message>
        <location filename="../../parkplanner/ui/panels/validation_panel.py" line="+28"/>
        <location line="+187"/>
        <source>Checking…</source>
        <extracomment>The problems listed changed (list[TopologyProblem]). The planner picked a problem in the list (TopologyProblem): show it on the map. A note for the status bar (&quot;Trimmed overlap of zone 4 …&quot;, &quot;2 gaps were not filled: …&quot;).</extracomment>
        <translation>检查中…</translation>
    </message>
    <message>
        <location line="-181"/>
        <location line="+198"/>
        <location line="+7"/>
        <source>Fix</source>
        <translation>修复</translation>
    </message>
    <message>
        <location line="-204"/>
        <location line="+210"/>
        <source>Fix all of this kind</source>
        <translation>修复此类全部问题</translation>
    </message>
    <message>
        <location line="-204"/>
        <source>Zones and gaps smaller than this are listed as slivers</source>
        <translation>小于此面积的地块与缝隙列为碎片</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Sliver below</source>
        <extracomment>The bottom row: fix buttons, the sliver threshold, then room for more options.</extracomment>
        <translation>碎片阈值</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>The check failed: {error}</source>
        <translation>检查失败：{error}</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{n} invalid</source>
        <translation>{n} 个无效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} overlap</source>
        <translation>{n} 处重叠</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} overlaps</source>
        <translation>{n} 处重叠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} gap</source>
        <translation>{n} 处缝隙</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} gaps</source>
        <translation>{n} 处缝隙</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} sliver</source>
        <translation>{n} 个碎片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} slivers</source>
        <translation>{n} 个碎片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} outside</source>
        <translation>{n} 个超出边界</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No problems: no overlaps, gaps, slivers or zones outside the boundary</source>
        <translation>无问题：没有重叠、缝隙、碎片或超出边界的地块</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} problems in the edited scenario: click one to show it on the map, the Fix button names what it will do</source>
        <translation>当前编辑方案中有 {n} 个问题：点击可在地图上定位，“修复”按钮会说明具体操作</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Overlapping zones share {area}: the dashboard&apos;s totals count it more than once.</source>
        <translation>相互重叠的地块共有 {area}：仪表盘的各项合计把这部分用地重复计算。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>— checking again…</source>
        <translation>——重新检查中…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Fill gap (no single neighbour)</source>
        <translation>填补缝隙（无唯一相邻地块）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill gap into zone {id}</source>
        <translation>将缝隙并入地块 {id}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trim overlap</source>
        <translation>裁除重叠</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete sliver</source>
        <translation>删除碎片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clip to boundary</source>
        <translation>裁切至边界</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Repair geometry</source>
        <translation>修复几何</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Trim all overlaps ({n})</source>
        <translation>裁除全部重叠（{n}）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fill all gaps ({n})</source>
        <translation>填补全部缝隙（{n}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete all slivers ({n})</source>
        <translation>删除全部碎片（{n}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clip all to the boundary ({n})</source>
        <translation>全部裁切至边界（{n}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repair all invalid zones ({n})</source>
        <translation>修复全部无效地块（{n}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trim {n} overlaps</source>
        <translation>裁除 {n} 处重叠</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fill {n} gaps</source>
        <translation>填补 {n} 处缝隙</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete {n} sliver zones</source>
        <translation>删除 {n} 个碎片地块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clip {n} zones to the boundary</source>
        <translation>将 {n} 个地块裁切至边界</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repair {n} invalid zones</source>
        <translation>修复 {n} 个无效地块</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>That problem is already gone</source>
        <translation>该问题已不存在</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot fix it: {reason}</source>
        <translation>无法修复：{reason}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{n} fixed</source>
        <translation>已修复 {n} 个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} left: {reason}</source>
        <translation>剩余 {n} 个：{reason}</translation>
    </message>
</context>
<context>
    <name>View3DPanels</name>
    <message>
        <location filename="../../parkplanner/ui/view3d/panels.py" line="+31"/>
        <source>3D view</source>
        <translation>三维视图</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>3D view in its own &amp;window</source>
        <translation>在独立窗口中显示三维视图(&amp;W)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The 3D view needs OpenGL: {0}</source>
        <translation>三维视图需要 OpenGL：{0}</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../parkplanner/ui/actions.py" line="+33"/>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+110"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="-109"/>
        <location line="+111"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="-110"/>
        <source>Zoom to &amp;Extent</source>
        <translation>缩放至全图(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom to &amp;Selection</source>
        <translation>缩放至所选(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete Zones</source>
        <translation>删除地块(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Merge Zones</source>
        <translation>合并地块(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;napping</source>
        <translation>捕捉(&amp;N)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>&amp;Undo {0}</source>
        <translation>撤销 {0}(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Redo {0}</source>
        <translation>重做 {0}(&amp;R)</translation>
    </message>
</context>
<context>
    <name>WorkshopExit</name>
    <message>
        <location filename="../../parkplanner/ui/workshop/workshop_exit.py" line="+68"/>
        <location line="+43"/>
        <source>{0} (workshop)</source>
        <translation>{0}（工作坊）</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave the workshop</source>
        <translation>退出工作坊</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The workshop changed {0}. What should become of these changes?</source>
        <translation>工作坊修改了 {0}。如何处理这些修改？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep as New Scenario</source>
        <translation>另存为新方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply to “{0}”</source>
        <translation>应用到“{0}”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discard Changes</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stay in Workshop</source>
        <translation>留在工作坊</translation>
    </message>
</context>
<context>
    <name>WorkshopMode</name>
    <message>
        <location filename="../../parkplanner/ui/workshop/workshop_mode.py" line="+165"/>
        <source>3D</source>
        <extracomment>The year the map shows (the main window&apos;s year slider): the workshop opens on it, so its Year box never says &quot;build-out&quot; over a map veiled for another year. Asked on leaving when the workshop changed a scenario (tests replace it).</extracomment>
        <translation>三维</translation>
    </message>
</context>
<context>
    <name>WorkshopWindow</name>
    <message>
        <location filename="../../parkplanner/ui/workshop/workshop_window.py" line="+54"/>
        <source>{year}:  jobs {jobs}  ·  residents {residents}  ·  output {output} 亿元</source>
        <extracomment>(chart, row, column, column span): the radar and jobs–housing ratio side by side, targets below. Chart magnification on a 1080-pixel-high screen (the dashboard&apos;s 8–10 pt become 11–14 pt, 15–19 px). Scene width the charts are laid out in at least (the radar&apos;s five labels and the ratio&apos;s caption); on a narrow screen the magnification shrinks to keep it.</extracomment>
        <translation>{year}：就业岗位 {jobs}  ·  居住人口 {residents}  ·  产值 {output} 亿元</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>jobs {jobs}  ·  residents {residents}  ·  jobs/housing {ratio}  ·  D {d}</source>
        <translation>就业岗位 {jobs}  ·  居住人口 {residents}  ·  职住比 {ratio}  ·  D {d}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>ParkPlanner — workshop</source>
        <translation>ParkPlanner — 工作坊</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>1–9 scenario · Tab compared pair · F11 leave</source>
        <translation>1–9 切换方案 · Tab 对比方案 · F11 退出</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>compared with “{name}” (faint)</source>
        <translation>对比“{name}”（浅色）</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
</context>
<context>
    <name>YearSlider</name>
    <message>
        <location filename="../../parkplanner/ui/scenarios/year_slider.py" line="+144"/>
        <source>Year</source>
        <extracomment>Opacity steps of the veil (f rounded to 1/VEIL_STEPS): smooth enough to read, few paths to draw. The year shown, or None for &quot;build-out&quot; (no veil).</extracomment>
        <translation>年份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the plan as built in a given year</source>
        <translation>显示规划在指定年份的建成状态</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>build-out</source>
        <translation>全部建成</translation>
    </message>
</context>
<context>
    <name>_ProgressDialog</name>
    <message>
        <location filename="../../parkplanner/ui/tasks.py" line="+213"/>
        <source>Cancel</source>
        <extracomment>Progress is forwarded to the GUI at most this often (the appendix reports thousands of steps). Quick tasks finish before the dialog would flash up. The work stopped; emitted before the outcome so the progress dialog is gone when it is shown.</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
</TS>
