/**
 * Cities VPN providers put servers in, one per line: `CODE|CC|English|简体中文|other codes and names`.
 * CODE is the IATA metropolitan or airport code most providers use (Mullvad's `se-got`, Surfshark's
 * `jp-tok`); the last field lists other codes and spellings providers use for the same city (`tok` for
 * Tokyo, `sao paulo` without the accent), comma-separated. Kept as text so the table stays readable and
 * cheap to load in both the core and the window.
 */
export const CITY_TABLE = `
TYO|JP|Tokyo|东京|tok,nrt,hnd
OSA|JP|Osaka|大阪|kix,itm
NGO|JP|Nagoya|名古屋|
FUK|JP|Fukuoka|福冈|
SPK|JP|Sapporo|札幌|cts
SEL|KR|Seoul|首尔|icn,seo
PUS|KR|Busan|釜山|
HKG|HK|Hong Kong|香港|hk
MFM|MO|Macau|澳门|macao
TPE|TW|Taipei|台北|tpi,tsa
KHH|TW|Kaohsiung|高雄|
TXG|TW|Taichung|台中|rmq
SHA|CN|Shanghai|上海|pvg
BJS|CN|Beijing|北京|pek,pkx,bej
CAN|CN|Guangzhou|广州|
SZX|CN|Shenzhen|深圳|
CTU|CN|Chengdu|成都|
SIN|SG|Singapore|新加坡|sng,sgp
KUL|MY|Kuala Lumpur|吉隆坡|
PEN|MY|Penang|槟城|george town
JHB|MY|Johor Bahru|新山|
BKK|TH|Bangkok|曼谷|
HKT|TH|Phuket|普吉|
CNX|TH|Chiang Mai|清迈|
JKT|ID|Jakarta|雅加达|cgk,jpu,jak
DPS|ID|Bali|巴厘岛|denpasar
MNL|PH|Manila|马尼拉|
CEB|PH|Cebu|宿务|
SGN|VN|Ho Chi Minh City|胡志明市|hcm,hcmc,saigon,ho chi minh
HAN|VN|Hanoi|河内|
DAD|VN|Da Nang|岘港|
PNH|KH|Phnom Penh|金边|
VTE|LA|Vientiane|万象|
RGN|MM|Yangon|仰光|
DAC|BD|Dhaka|达卡|
KTM|NP|Kathmandu|加德满都|
CMB|LK|Colombo|科伦坡|
MLE|MV|Male|马累|
ISB|PK|Islamabad|伊斯兰堡|
KHI|PK|Karachi|卡拉奇|
LHE|PK|Lahore|拉合尔|
BOM|IN|Mumbai|孟买|bombay
DEL|IN|New Delhi|新德里|delhi,ndl
MAA|IN|Chennai|金奈|madras
BLR|IN|Bangalore|班加罗尔|bengaluru
HYD|IN|Hyderabad|海得拉巴|
CCU|IN|Kolkata|加尔各答|calcutta
ULN|MN|Ulaanbaatar|乌兰巴托|ulan bator
ALA|KZ|Almaty|阿拉木图|
NQZ|KZ|Astana|阿斯塔纳|tse
TAS|UZ|Tashkent|塔什干|
FRU|KG|Bishkek|比什凯克|
DYU|TJ|Dushanbe|杜尚别|
ASB|TM|Ashgabat|阿什哈巴德|
GYD|AZ|Baku|巴库|bak
TBS|GE|Tbilisi|第比利斯|
EVN|AM|Yerevan|埃里温|
IST|TR|Istanbul|伊斯坦布尔|
ANK|TR|Ankara|安卡拉|esb
IZM|TR|Izmir|伊兹密尔|adb
TLV|IL|Tel Aviv|特拉维夫|tel aviv-yafo,jerusalem
AMM|JO|Amman|安曼|
BEY|LB|Beirut|贝鲁特|
DXB|AE|Dubai|迪拜|
AUH|AE|Abu Dhabi|阿布扎比|
DOH|QA|Doha|多哈|
BAH|BH|Manama|麦纳麦|
KWI|KW|Kuwait City|科威特城|
RUH|SA|Riyadh|利雅得|
JED|SA|Jeddah|吉达|
MCT|OM|Muscat|马斯喀特|
THR|IR|Tehran|德黑兰|ika
BGW|IQ|Baghdad|巴格达|
EBL|IQ|Erbil|埃尔比勒|
NIC|CY|Nicosia|尼科西亚|lca,larnaca
CAI|EG|Cairo|开罗|
HRG|EG|Hurghada|赫尔格达|
CMN|MA|Casablanca|卡萨布兰卡|cas
RBA|MA|Rabat|拉巴特|
ALG|DZ|Algiers|阿尔及尔|
TUN|TN|Tunis|突尼斯市|
TIP|LY|Tripoli|的黎波里|
LOS|NG|Lagos|拉各斯|
ABV|NG|Abuja|阿布贾|
ACC|GH|Accra|阿克拉|
DKR|SN|Dakar|达喀尔|
ABJ|CI|Abidjan|阿比让|
NBO|KE|Nairobi|内罗毕|
ADD|ET|Addis Ababa|亚的斯亚贝巴|
DAR|TZ|Dar es Salaam|达累斯萨拉姆|
KGL|RW|Kigali|基加利|
EBB|UG|Kampala|坎帕拉|kla
LUN|ZM|Lusaka|卢萨卡|
HRE|ZW|Harare|哈拉雷|
MPM|MZ|Maputo|马普托|
LAD|AO|Luanda|罗安达|
JNB|ZA|Johannesburg|约翰内斯堡|jhb
CPT|ZA|Cape Town|开普敦|
DUR|ZA|Durban|德班|
WDH|NA|Windhoek|温得和克|
GBE|BW|Gaborone|哈博罗内|
TNR|MG|Antananarivo|塔那那利佛|
MRU|MU|Port Louis|路易港|mauritius
SEZ|SC|Victoria|维多利亚|mahe
SYD|AU|Sydney|悉尼|
MEL|AU|Melbourne|墨尔本|
BNE|AU|Brisbane|布里斯班|
PER|AU|Perth|珀斯|
ADL|AU|Adelaide|阿德莱德|
CBR|AU|Canberra|堪培拉|
OOL|AU|Gold Coast|黄金海岸|
AKL|NZ|Auckland|奥克兰|
WLG|NZ|Wellington|惠灵顿|
CHC|NZ|Christchurch|基督城|
NAN|FJ|Nadi|楠迪|suva
GUM|GU|Hagatna|阿加尼亚|guam
LON|GB|London|伦敦|lhr,lgw,stn,lcy,ldn
MAN|GB|Manchester|曼彻斯特|mnc
GLA|GB|Glasgow|格拉斯哥|glw
EDI|GB|Edinburgh|爱丁堡|
BHX|GB|Birmingham|伯明翰|
LBA|GB|Leeds|利兹|
BRS|GB|Bristol|布里斯托尔|
LPL|GB|Liverpool|利物浦|
BFS|GB|Belfast|贝尔法斯特|
CWL|GB|Cardiff|加的夫|
NCL|GB|Newcastle|纽卡斯尔|
DUB|IE|Dublin|都柏林|
ORK|IE|Cork|科克|
PAR|FR|Paris|巴黎|cdg,ory
MRS|FR|Marseille|马赛|
LYS|FR|Lyon|里昂|
NCE|FR|Nice|尼斯|
BOD|FR|Bordeaux|波尔多|
TLS|FR|Toulouse|图卢兹|
SXB|FR|Strasbourg|斯特拉斯堡|
LIL|FR|Lille|里尔|
BRU|BE|Brussels|布鲁塞尔|bruxelles
ANR|BE|Antwerp|安特卫普|
AMS|NL|Amsterdam|阿姆斯特丹|
RTM|NL|Rotterdam|鹿特丹|
HAG|NL|The Hague|海牙|den haag
EIN|NL|Eindhoven|埃因霍温|
DHR|NL|Alkmaar|阿尔克马尔|alk
ZUT|NL|Utrecht|乌得勒支|
LUX|LU|Luxembourg|卢森堡市|luxembourg city
FRA|DE|Frankfurt|法兰克福|frankfurt am main,fra1
BER|DE|Berlin|柏林|txl
MUC|DE|Munich|慕尼黑|munchen,muenchen,mnc
HAM|DE|Hamburg|汉堡|
DUS|DE|Dusseldorf|杜塞尔多夫|duesseldorf,düsseldorf
CGN|DE|Cologne|科隆|koln,koeln
STR|DE|Stuttgart|斯图加特|
NUE|DE|Nuremberg|纽伦堡|nurnberg,nuernberg
LEJ|DE|Leipzig|莱比锡|
HAJ|DE|Hanover|汉诺威|hannover
ZRH|CH|Zurich|苏黎世|zurich,zürich,zur
GVA|CH|Geneva|日内瓦|geneve,genf
BSL|CH|Basel|巴塞尔|
BRN|CH|Bern|伯尔尼|
VIE|AT|Vienna|维也纳|wien
SZG|AT|Salzburg|萨尔茨堡|
GRZ|AT|Graz|格拉茨|
VDZ|LI|Vaduz|瓦杜兹|
MCM|MC|Monaco|摩纳哥|monte carlo
MIL|IT|Milan|米兰|mxp,lin,milano
ROM|IT|Rome|罗马|fco,roma
PMO|IT|Palermo|巴勒莫|
NAP|IT|Naples|那不勒斯|napoli
TRN|IT|Turin|都灵|torino
BLQ|IT|Bologna|博洛尼亚|
FLR|IT|Florence|佛罗伦萨|firenze
VCE|IT|Venice|威尼斯|venezia
MLA|MT|Valletta|瓦莱塔|malta
MAD|ES|Madrid|马德里|
BCN|ES|Barcelona|巴塞罗那|
VLC|ES|Valencia|瓦伦西亚|
AGP|ES|Malaga|马拉加|málaga
SVQ|ES|Seville|塞维利亚|sevilla
BIO|ES|Bilbao|毕尔巴鄂|
LIS|PT|Lisbon|里斯本|lisboa
OPO|PT|Porto|波尔图|
ALV|AD|Andorra la Vella|安道尔城|andorra
GIB|GI|Gibraltar|直布罗陀|
CPH|DK|Copenhagen|哥本哈根|kobenhavn
AAR|DK|Aarhus|奥胡斯|
STO|SE|Stockholm|斯德哥尔摩|arn,sth
GOT|SE|Gothenburg|哥德堡|goteborg,göteborg
MMA|SE|Malmo|马尔默|malmö,mmx
HEL|FI|Helsinki|赫尔辛基|
TMP|FI|Tampere|坦佩雷|
OSL|NO|Oslo|奥斯陆|
SVG|NO|Stavanger|斯塔万格|
BGO|NO|Bergen|卑尔根|
REK|IS|Reykjavik|雷克雅未克|kef,reykjavík,rkv
TLL|EE|Tallinn|塔林|
RIX|LV|Riga|里加|
VNO|LT|Vilnius|维尔纽斯|
WAW|PL|Warsaw|华沙|warszawa
KRK|PL|Krakow|克拉科夫|kraków
GDN|PL|Gdansk|格但斯克|
WRO|PL|Wroclaw|弗罗茨瓦夫|
PRG|CZ|Prague|布拉格|praha
BRQ|CZ|Brno|布尔诺|
BTS|SK|Bratislava|布拉迪斯拉发|
BUD|HU|Budapest|布达佩斯|
BUH|RO|Bucharest|布加勒斯特|otp,bucuresti
CLJ|RO|Cluj-Napoca|克卢日-纳波卡|cluj
SOF|BG|Sofia|索非亚|
VAR|BG|Varna|瓦尔纳|
BEG|RS|Belgrade|贝尔格莱德|beograd
ZAG|HR|Zagreb|萨格勒布|
LJU|SI|Ljubljana|卢布尔雅那|
SJJ|BA|Sarajevo|萨拉热窝|
TGD|ME|Podgorica|波德戈里察|
SKP|MK|Skopje|斯科普里|
TIA|AL|Tirana|地拉那|
PRN|XK|Pristina|普里什蒂纳|
ATH|GR|Athens|雅典|
SKG|GR|Thessaloniki|塞萨洛尼基|
KIV|MD|Chisinau|基希讷乌|chișinău
IEV|UA|Kyiv|基辅|kiev,kbp
ODS|UA|Odesa|敖德萨|odessa
HRK|UA|Kharkiv|哈尔科夫|kharkov
LWO|UA|Lviv|利沃夫|
MSQ|BY|Minsk|明斯克|
MOW|RU|Moscow|莫斯科|svo,dme,vko,mos
LED|RU|Saint Petersburg|圣彼得堡|st petersburg,spb
OVB|RU|Novosibirsk|新西伯利亚|
SVX|RU|Yekaterinburg|叶卡捷琳堡|
KZN|RU|Kazan|喀山|
VVO|RU|Vladivostok|符拉迪沃斯托克|
KHV|RU|Khabarovsk|哈巴罗夫斯克|
DOU|IM|Douglas|道格拉斯|isle of man
JER|JE|Saint Helier|圣赫利尔|jersey
GCI|GG|Saint Peter Port|圣彼得港|guernsey
FAE|FO|Torshavn|托尔斯港|tórshavn
GOH|GL|Nuuk|努克|
NYC|US|New York|纽约|jfk,lga,ewr,new york city,nyc1
LAX|US|Los Angeles|洛杉矶|la
CHI|US|Chicago|芝加哥|ord,mdw
DFW|US|Dallas|达拉斯|dal
HOU|US|Houston|休斯顿|iah
ATL|US|Atlanta|亚特兰大|
MIA|US|Miami|迈阿密|
SEA|US|Seattle|西雅图|
SFO|US|San Francisco|旧金山|
SJC|US|San Jose|圣何塞|
SAN|US|San Diego|圣迭戈|
PHX|US|Phoenix|菲尼克斯|
DEN|US|Denver|丹佛|
SLC|US|Salt Lake City|盐湖城|
LAS|US|Las Vegas|拉斯维加斯|
BOS|US|Boston|波士顿|
WAS|US|Washington|华盛顿|iad,dca,washington dc,wdc
QAS|US|Ashburn|阿什本|ash
PHL|US|Philadelphia|费城|
DTT|US|Detroit|底特律|dtw,det
MSP|US|Minneapolis|明尼阿波利斯|
STL|US|St. Louis|圣路易斯|saint louis
MCI|US|Kansas City|堪萨斯城|
CLT|US|Charlotte|夏洛特|
RAG|US|Raleigh|罗利|rdu
ORL|US|Orlando|奥兰多|mco
TPA|US|Tampa|坦帕|
BNA|US|Nashville|纳什维尔|
PDX|US|Portland|波特兰|
SAC|US|Sacramento|萨克拉门托|smf
SAT|US|San Antonio|圣安东尼奥|
AUS|US|Austin|奥斯汀|
CLE|US|Cleveland|克利夫兰|
CMH|US|Columbus|哥伦布|
IND|US|Indianapolis|印第安纳波利斯|
BUF|US|Buffalo|布法罗|
PIT|US|Pittsburgh|匹兹堡|
BAL|US|Baltimore|巴尔的摩|bwi
SEC|US|Secaucus|锡考克斯|uyk
NWK|US|Newark|纽瓦克|
HNL|US|Honolulu|檀香山|
ANC|US|Anchorage|安克雷奇|
ABQ|US|Albuquerque|阿尔伯克基|
OKC|US|Oklahoma City|俄克拉何马城|
OMA|US|Omaha|奥马哈|
MKE|US|Milwaukee|密尔沃基|
BOI|US|Boise|博伊西|
YTO|CA|Toronto|多伦多|tor,yyz
YVR|CA|Vancouver|温哥华|van
YMQ|CA|Montreal|蒙特利尔|mtr,yul,montréal
YYC|CA|Calgary|卡尔加里|cal
YOW|CA|Ottawa|渥太华|
YEG|CA|Edmonton|埃德蒙顿|
YWG|CA|Winnipeg|温尼伯|
YQB|CA|Quebec City|魁北克城|
YHZ|CA|Halifax|哈利法克斯|
MEX|MX|Mexico City|墨西哥城|mexico city
QRO|MX|Queretaro|克雷塔罗|querétaro
GDL|MX|Guadalajara|瓜达拉哈拉|
MTY|MX|Monterrey|蒙特雷|
CUN|MX|Cancun|坎昆|cancún
GUA|GT|Guatemala City|危地马拉城|
SAL|SV|San Salvador|圣萨尔瓦多|
TGU|HN|Tegucigalpa|特古西加尔巴|
MGA|NI|Managua|马那瓜|
SJO|CR|San Jose|圣何塞|
PTY|PA|Panama City|巴拿马城|
HAV|CU|Havana|哈瓦那|
KIN|JM|Kingston|金斯敦|
SDQ|DO|Santo Domingo|圣多明各|
SJU|PR|San Juan|圣胡安|
NAS|BS|Nassau|拿骚|
BGI|BB|Bridgetown|布里奇顿|
POS|TT|Port of Spain|西班牙港|
GCM|KY|George Town|乔治敦|
BDA|BM|Hamilton|汉密尔顿|
BOG|CO|Bogota|波哥大|bogotá
MDE|CO|Medellin|麦德林|medellín
CCS|VE|Caracas|加拉加斯|
UIO|EC|Quito|基多|
GYE|EC|Guayaquil|瓜亚基尔|
LIM|PE|Lima|利马|
LPB|BO|La Paz|拉巴斯|
SCL|CL|Santiago|圣地亚哥|
BUE|AR|Buenos Aires|布宜诺斯艾利斯|eze,aep
MVD|UY|Montevideo|蒙得维的亚|
ASU|PY|Asuncion|亚松森|asunción
SAO|BR|Sao Paulo|圣保罗|são paulo,gru,sp
RIO|BR|Rio de Janeiro|里约热内卢|gig
BSB|BR|Brasilia|巴西利亚|brasília
FOR|BR|Fortaleza|福塔雷萨|
POA|BR|Porto Alegre|阿雷格里港|
CWB|BR|Curitiba|库里蒂巴|
GEO|GY|Georgetown|乔治敦|
PBM|SR|Paramaribo|帕拉马里博|
`;
