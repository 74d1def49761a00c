/**
 * Vietnamese syllables without diacritics (1539 forms), folded from VNsyl.txt of the vntk
 * package (MIT, github.com/vunb/vntk; list from the DongDu project; see
 * /work/shared/data/lang/vntk/SOURCE.txt). A word that is a real syllable is never "corrected"
 * as a typo: "hôm" typed as "hom" is not a misspelt "hợp".
 */
export const SYLLABLES: ReadonlySet<string> = new Set(
  `a ac ach ai am an ang anh ao ap at au ay ba bac bach bai bam ban bang
banh bao bap bat bau bay be bec bech bem ben beng benh beo bep bet beu bi bia bich
biec biem bien bieng biet bieu bim bin binh bip bit biu bo boa boc boi bom bon bong boong
bop bot bu bua buc bui bum bun bung buoc buoi buom buon buong buot buou bup but buu buyt
ca cac cach cai cam can cang canh cao cap cat cau cay cha chac chach chai cham chan chang
chanh chao chap chat chau chay che chech chem chen cheng chenh cheo chep chet chi chia chich chiec chiem
chien chieng chiep chiet chieu chim chin chinh chip chit chiu cho choa choac choai choan choang choat choc choe
choen choet choi chom chon chong choong chop chot chu chua chuan chuc chuech chuenh chui chum chun chung chuoc
chuoi chuom chuon chuong chuop chuot chup chut chuy chuyen co coc coi com con cong cooc coong cop cot
cu cua cuc cui cum cun cung cuoc cuoi cuom cuon cuong cuop cup cut cuu d da dac dach
dai dam dan dang danh dao dap dat dau day de dech dem den denh deo dep det deu di
dia dich diec diem dien dieng diep diet dieu dim din dinh dip dit diu do doa doac doai doan
doang doanh doat doc doi dom don dong dop dot du dua duc due duenh dui dum dun dung duoc
duoi duom duon duong duot dup dut duy duyen duyet e ec ech em en eng enh eo ep eu
ga gac gach gai gam gan gang ganh gao gap gat gau gay ghe ghech ghem ghen ghenh gheo ghep
ghet ghi ghiec ghien ghim ghit gi gia giac giai giam gian giang gianh giao giap giat giau giay gie
giec giem gien gieng gieo giet gieu gin gio gioi gion giong giot gip giu giua giuc giui gium giun
giuoc giuong giup giut go goa goc goi gom gon gong goong gop got gu guc gui gun gung guoc
guom guon guong guot gut ha hac hach hai ham han hang hanh hao hap hat hau hay he hec
hech hem hen henh heo hep het heu hi hich hiem hien hieng hiep hieu him hin hinh hip hit
hiu ho hoa hoac hoach hoai hoam hoan hoang hoanh hoat hoay hoc hoe hoen hoet hoi hom hon hong
hop hot hu hua huan huc hue huech huenh hui hum hun hung huo huoc huom huong huou hup hut
huu huy huych huyen huyet huynh huyt hy i ia ich im in inh ion it iu ke kec kech
kem ken keng kenh keo kep ket keu kha khac khach khai kham khan khang khanh khao khap khat khau
khay khe khec khem khen khenh kheo khep khet kheu khi khia khich khiem khien khieng khiep khiet khieu khin
khinh khit khiu kho khoa khoac khoai khoam khoan khoang khoanh khoat khoay khoc khoe khoen khoeo khoet khoi khom
khon khong khop khot khu khua khuan khuang khuat khuay khuc khuech khui khum khung khuo khuoc khuoi khuon khuong
khuot khuou khut khuu khuy khuya khuyen khuyet khuynh khuyp khuyu ki kia kich kiem kien kieng kiep kiet kieu
kim kin kinh kip kit kiu ky la lac lach lai lam lan lang lanh lao laoi lap lat lau
lay le lec lech lem len leng lenh leo lep let leu li lia lich liec liem lien lieng liep
liet lieu lim linh lip lit liu lo loa loac loai loan loang loanh loat loay loc loe loen loet
loi lom lon long loong lop lot lu lua luan luat luc lui lum lun lung luoc luoi luom luon
luong luop luot lup lut luu luy luyen luyn luynh ly ma mac mach mai mam man mang manh mao
map mat mau may me mech mem men meng menh meo mep met meu mi mia mich mien mieng miet
mieu mim min minh mip mit mo moayo moc moi mom mon mong mooc mop mot mu mua muc mui
mum mun mung muoi muom muon muong muop muot muou mup mut muu my na nac nach nai nam nan
nang nanh nao nap nat nau nay ne nem nen neo neon nep net neu nga ngac ngach ngai ngam
ngan ngang nganh ngao ngap ngat ngau ngay nghe nghech nghen nghenh ngheo nghet ngheu nghi nghia nghich nghiem nghien
nghieng nghiep nghiet nghim nghin nghinh nghit nghiu ngo ngoa ngoac ngoai ngoam ngoan ngoang ngoanh ngoao ngoat ngoay ngoc
ngoe ngoen ngoeo ngoet ngoi ngom ngon ngong ngop ngot ngu ngua nguay nguc nguech ngui ngum ngun ngung nguoc
nguoi nguon nguong ngup ngut nguu nguy nguyen nguyet nguyt nha nhac nhach nhai nham nhan nhang nhanh nhao nhap
nhat nhau nhay nhe nhech nhem nhen nheo nhep nhet nheu nhi nhia nhich nhiec nhiem nhien nhiep nhiet nhieu
nhim nhin nhinh nhip nhit nhiu nho nhoa nhoai nhoam nhoang nhoay nhoc nhoe nhoen nhoet nhoi nhom nhon nhong
nhop nhot nhu nhua nhuan nhuc nhue nhuenh nhui nhum nhun nhung nhuoc nhuom nhuon nhuong nhut nhuy nhuyen ni
nia nich niem nien nieng niet nieu nin ninh nit niu no noan noc noi nom non nong nop not
nu nua nuc nui num nun nung nuoc nuoi nuom nuong nuop nuot nuou nup nut nuy o oa oac
oach oai oam oan oang oanh oap oat oc oe oi om on ong op ot pan panh pedan pede
pha phac phach phai pham phan phang phanh phao phap phat phau phay phe phec phech phen pheng phenh pheo
phep phet pheu phi phia phich phiem phien phiet phieu phim phin phinh phiu pho phoc phoi phom phon phong
phop phot phu phua phuc phui phum phun phung phuoc phuon phuong phut phuy pi pich pieu pin po pop
pun qua quac quach quai quam quan quang quanh quao quap quat quau quay que quen quenh queo quet queu
qui quit quo quoc quy quyen quyet quynh quyp quyt quyu ra rac rach rai ram ran rang ranh rao
rap rat rau ray re rech rem ren reng reo rep ret reu ri ria rich riem rieng riet rieu
rim rin rinh rit riu ro roc roi rom ron rong rop rot ru rua ruc rui rum run rung
ruoc ruoi ruom ruon ruong ruot ruou rup rut ruy sa sac sach sai sam san sang sanh sao sap
sat sau say se sec sem sen senh seo sep set seu si sia sic siec siem sieng siet sieu
sim sin sinh sip sit siu so soa soai soan soang soat soc soi som son song sooc soong sop
sot su sua suat suc sui sum sun sung suoi suon suong suot sup sut suu suy suyen suyt sy
ta tac tach tai tam tan tang tanh tao tap tat tau tay te tec tech tem ten teng tenh
teo tep tet teu tha thac thach thai tham than thang thanh thao thap that thau thay the thech them
then thenh theo thep thet theu thi thia thich thiec thiem thien thieng thiep thiet thieu thim thin thinh thit
thiu tho thoa thoai thoan thoang thoat thoc thoi thom thon thong thop thot thu thua thuan thuat thuc thue
thui thum thun thung thuo thuoc thuoi thuom thuon thuong thuot thup thut thuy thuyen thuyet ti tia tich tiec
tiem tien tieng tiep tiet tieu tim tin tinh tip tit tiu to toa toac toai toan toang toanh toat
toay toc toe toen toet toi tom ton tong toong top tot tra trac trach trai tram tran trang tranh
trao trap trat trau tray tre trech trem tren treo tret treu tri tria trich trien trieng triet trieu trinh
trit triu tro troc troi trom tron trong trot tru trua truan truat truc trui trum trun trung truoc truon
truong truot trut truu truy truyen tu tua tuan tuat tuc tue tuech tuenh tui tum tun tung tuoc tuoi
tuom tuon tuong tuop tuot tuou tup tut tuu tuy tuya tuyen tuyet tuyn tuyp tuyt ty u ua uan
uat uc ue ui um un ung uoc uoi uom uon uong uop uot up ut uu uy uych uyen
uynh va vac vach vai vam van vang vanh vao vap vat vau vay ve vec vem ven venh veo
vet veu vi via vich viec viem vien vieng viet vim vin vinh vit viu vo voan voc voi vom
von vong vooc vop vot vu vua vuc vui vun vung vuoc vuon vuong vuot vut xa xac xach xai
xam xan xang xanh xao xap xat xau xay xe xech xem xen xeng xenh xeo xep xet xeu xi
xia xich xiec xiem xien xieng xiet xieu xin xinh xit xiu xo xoa xoac xoach xoai xoam xoan xoang
xoanh xoay xoc xoe xoen xoet xoi xom xon xong xoong xop xot xu xua xuan xuat xuc xue xuenh
xui xum xun xung xuoc xuoi xuom xuong xup xut xuyen xuyet xuyt y yem yen yeng yet yeu`.split(/\s+/),
);
