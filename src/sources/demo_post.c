/* demo_post.c — the demo source's posts. Post n of a channel is a pure
 * function of (seed, channel, query, n): a counter-based generator (splitmix64
 * of a hash of those) drives template and filler choices, and nothing is
 * carried from one post to the next. Templates are data; "{name}" fillers
 * expand with exact byte-range spans for mentions, hashtags and links.
 *
 * Scripts are dealt, not drawn: each block of DEMO_BLOCK consecutive posts
 * holds one post of each script in demo_scripts_dealt, so any 2 * DEMO_BLOCK - 1
 * consecutive posts show every script. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/demo.h"
#include "starling/post.h"
#include "starling/xmalloc.h"

#define DEMO_BLOCK	20	/* every script once per block */
#define DEMO_TEXT_MAX	2048
#define DEMO_SPANS_MAX	24
#define DEMO_URL_MAX	160
#define DEMO_TERMS_MAX	8
#define DEMO_TERM_MAX	64

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

const char *const demo_channels[] = {
	"home", "mentions", "search", "competitors", "hashtag", "notifications",
	NULL
};

/* Indexes demo_channels; OWN is the brand's own posts (what notifications of
 * likes and reposts are about). */
enum demo_kind {
	DEMO_HOME, DEMO_MENTIONS, DEMO_SEARCH, DEMO_COMPETITORS, DEMO_HASHTAG,
	DEMO_NOTIFICATIONS, DEMO_OWN
};

#define DEMO_M(k)	(1u << (k))
#define DEMO_M_ANY	(DEMO_M(DEMO_HOME) | DEMO_M(DEMO_MENTIONS) |	\
			 DEMO_M(DEMO_SEARCH) | DEMO_M(DEMO_COMPETITORS) |	\
			 DEMO_M(DEMO_HASHTAG))

/* How often a channel's posts are replies, reposts, quotes (one in n; 0 never). */
static const struct demo_channel_def {
	unsigned	 reply, repost, quote;
	const char	*defaults;	/* query terms when none is given */
} demo_defs[] = {
	[DEMO_HOME] =		{ 6, 6, 10, "acme" },
	[DEMO_MENTIONS] =	{ 3, 0, 12, "acme" },
	[DEMO_SEARCH] =		{ 10, 10, 12, "acme" },
	[DEMO_COMPETITORS] =	{ 10, 10, 8, "Globex OR Initech" },
	[DEMO_HASHTAG] =	{ 12, 8, 0, "acme" },
	[DEMO_NOTIFICATIONS] =	{ 0, 0, 0, "acme" },
	[DEMO_OWN] =		{ 0, 0, 0, "acme" },
};

enum demo_script {
	DEMO_SCRIPT_LATIN,	/* plain ASCII names */
	DEMO_SCRIPT_ACCENT,	/* Latin with accents */
	DEMO_SCRIPT_JA, DEMO_SCRIPT_ZH, DEMO_SCRIPT_KO, DEMO_SCRIPT_AR,
	DEMO_SCRIPT_HE
};
#define DEMO_DEALT	6	/* ACCENT .. HE: one of each per block */

struct demo_author {
	const char		*name, *handle, *lang;
	enum demo_script	 script;
	bool			 team;		/* a colleague (home timeline) */
	long			 followers;
	const char		*bio;
};

static const struct demo_author demo_brand = {
	"Acme", "acme", "en", DEMO_SCRIPT_LATIN, true, 48200,
	"Official account. Support 8\u201320 CET, every day. We read everything."
};

static const struct demo_author demo_authors[] = {
	{ "Maria Chen", "mariachen", "en", DEMO_SCRIPT_LATIN, true, 3120,
	  "Head of Social at Acme. Opinions mine. she/her" },
	{ "Dev Patel", "devpatel", "en", DEMO_SCRIPT_LATIN, true, 870,
	  "Support engineer @ Acme. Breaks things, then fixes them." },
	{ "Priya Raman \U0001F469\u200D\U0001F4BB", "priya.codes", "en",
	  DEMO_SCRIPT_LATIN, true, 12400,
	  "Developer relations. Writes docs nobody reads (please read them)." },
	{ "Sam Okafor", "samokafor", "en", DEMO_SCRIPT_LATIN, true, 640,
	  "Community at Acme. Lagos \u2192 Lisbon." },
	{ "Kate O'Brien", "kateob", "en", DEMO_SCRIPT_LATIN, false, 2210,
	  "Retail analyst. Charts, coffee, complaints." },
	{ "Marcus Lee \U0001F3F3\uFE0F\u200D\U0001F308", "marcuslee", "en",
	  DEMO_SCRIPT_LATIN, false, 18900,
	  "Gadget reviewer. Honest, sometimes brutally." },
	{ "The Gadget Review", "gadgetreview", "en", DEMO_SCRIPT_LATIN, false,
	  910000, "Reviews, news and deals. Tips: tips@gadgetreview.example" },
	{ "Retail Weekly", "retailweekly", "en", DEMO_SCRIPT_LATIN, false,
	  254000, "The business of selling things, every week." },
	{ "Tom & Jerry Fans", "tomandjerryfans", "en", DEMO_SCRIPT_LATIN,
	  false, 5300, "Cartoons <3 and the anvils in them." },
	{ "Ana Lima \U0001F1E7\U0001F1F7", "analima", "en", DEMO_SCRIPT_LATIN,
	  false, 430, "Skater, designer, São Paulo." },
	{ "Noah Williams", "noahw", "en", DEMO_SCRIPT_LATIN, false, 95,
	  "just here for the memes" },
	{ "support nerd \U0001F44B\U0001F3FF", "supportnerd", "en",
	  DEMO_SCRIPT_LATIN, false, 7700,
	  "Ten years of customer support. Ask me about macros." },
	{ "José Álvarez", "josealvarez", "es", DEMO_SCRIPT_ACCENT, false, 1540,
	  "Ingeniero. Madrid. Café y bicis." },
	{ "Zoë Martin", "zoemartin", "fr", DEMO_SCRIPT_ACCENT, true, 2890,
	  "Community manager chez Acme. Montréal \u2194 Paris." },
	{ "Łukasz Wiśniewski", "lukasz_w", "pl", DEMO_SCRIPT_ACCENT, false,
	  610, "Programista, Kraków. Piszę o sprzęcie." },
	{ "Anders Ångström", "angstrom", "en", DEMO_SCRIPT_ACCENT, false, 220,
	  "Physicist by training, shopper by habit." },
	{ "Jürgen Müller", "jmueller", "de", DEMO_SCRIPT_ACCENT, false, 3380,
	  "Technikjournalist. Zürich." },
	{ "Rene\u0301e Dubois", "reneedubois", "fr", DEMO_SCRIPT_ACCENT, false,
	  1180, "Cafe\u0301s, vélos et gadgets." },
	{ "Tereza Dvořáková", "tereza_d", "en", DEMO_SCRIPT_ACCENT, false, 760,
	  "UX researcher. Prague." },
	{ "Inês Araújo", "inesaraujo", "es", DEMO_SCRIPT_ACCENT, false, 2050,
	  "Diseño de producto. Opiniones propias." },
	{ "山田はなこ", "hanako_y", "ja", DEMO_SCRIPT_JA, false, 8800,
	  "東京在住。ガジェットとラーメンが好き。" },
	{ "さくら\U0001F338", "sakura_chan", "ja", DEMO_SCRIPT_JA, false, 1320,
	  "のんびり投稿します。" },
	{ "佐藤ケンジ", "kenji_sato", "ja", DEMO_SCRIPT_JA, false, 41000,
	  "テック系ライター。レビューのご依頼はDMへ。" },
	{ "ゆうき | Yuki", "yuki_dev", "ja", DEMO_SCRIPT_JA, true, 2600,
	  "Acmeのサポート担当。日本語と英語で対応します。" },
	{ "王伟", "wangwei", "zh", DEMO_SCRIPT_ZH, false, 5400,
	  "科技爱好者，住在深圳。" },
	{ "陈静", "chenjing", "zh", DEMO_SCRIPT_ZH, false, 980,
	  "设计师。喜欢咖啡和滑板。" },
	{ "张明 \U0001F1E8\U0001F1F3", "zhangming", "zh", DEMO_SCRIPT_ZH, false,
	  23000, "数码评测，每周更新。" },
	{ "김민준", "minjun_kim", "ko", DEMO_SCRIPT_KO, false, 3900,
	  "서울에 사는 개발자입니다." },
	{ "이서연 \U0001F3A7", "seoyeon", "ko", DEMO_SCRIPT_KO, false, 15200,
	  "음악, 여행, 그리고 가젯 리뷰." },
	{ "박지훈", "jihoon_park", "ko", DEMO_SCRIPT_KO, false, 410,
	  "그냥 평범한 직장인." },
	{ "محمد العلي", "m_alali", "ar", DEMO_SCRIPT_AR, false, 6700,
	  "مهندس برمجيات من دبي." },
	{ "فاطمة الزهراء", "fatima_z", "ar", DEMO_SCRIPT_AR, false, 1900,
	  "أحب التقنية والقهوة." },
	{ "ليلى \U0001F319", "layla", "ar", DEMO_SCRIPT_AR, false, 350,
	  "مصممة. القاهرة." },
	{ "נועה כהן", "noa_cohen", "he", DEMO_SCRIPT_HE, false, 2400,
	  "מפתחת בתל אביב. קפה קודם כול." },
	{ "דוד לוי", "davidlevi", "he", DEMO_SCRIPT_HE, false, 11800,
	  "כותב על טכנולוגיה וצרכנות." },
	{ "שירה פרץ", "shira_p", "he", DEMO_SCRIPT_HE, false, 720,
	  "סטודנטית לעיצוב. חיפה." },
};

struct demo_template {
	unsigned	 channels;	/* DEMO_M() bits */
	const char	*lang;
	const char	*text;
};

/*
 * Fillers: {s} the channel's subject (home: Acme; own: a product; mentions:
 * @acme, or Acme in a reply to @acme; search: the query term; competitors: a
 * rival; hashtag: #query),
 * {q} the query term, {#q} the query as a hashtag, {rival}, {acme}, {user}
 * (someone to mention), {mate} (a colleague), {product}, {link}, {tag}, {e}
 * (emoji), {n}, {city}, {ver}. No template starts with a mention, so a reply's
 * "@handle " prefix never doubles up.
 */
static const struct demo_template demo_templates[] = {
	/* home: a team's general timeline */
	{ DEMO_M(DEMO_HOME), "en",
	  "{product} {ver} is rolling out today {e} Changelog: {link}" },
	{ DEMO_M(DEMO_HOME), "en",
	  "Reminder: team Q&A with R&D at 15:00 in the big room. Bring "
	  "questions (and snacks) {e}" },
	{ DEMO_M(DEMO_HOME), "en",
	  "Anyone else's AT&T line dropping every ten minutes today? Asking for "
	  "the whole support floor \U0001F605" },
	{ DEMO_M(DEMO_HOME), "en",
	  "Great thread by {user} on writing replies that actually help. "
	  "Bookmarking it for the onboarding doc." },
	{ DEMO_M(DEMO_HOME), "en",
	  "Coffee machine on 3 is fixed \u2615 Tom & Jerry are no longer "
	  "fighting over the one on 4." },
	{ DEMO_M(DEMO_HOME), "en",
	  "PSA for the new folks: our reply templates are plain text, so "
	  "\"<3\" and \"->\" are sent as typed. A blank line works fine." },
	{ DEMO_M(DEMO_HOME), "en",
	  "Shipped the new returns flow with {mate} today {e} {link}" },
	{ DEMO_M(DEMO_HOME), "en",
	  "Some notes from this week's support review, because a few people "
	  "asked.\n\nFirst: first-response time is down to 38 minutes on "
	  "weekdays, the best it has been all year. Most of that is the new "
	  "routing, so thank you {mate} for pushing it through.\n\nSecond: "
	  "weekends are still rough. We will trial a rotating on-call shift in "
	  "{city} next month; the sign-up sheet is here: {link}\n\nThird: "
	  "please keep tagging {tag} on anything about shipping delays, it "
	  "makes the weekly report much easier to write. {e}" },
	{ DEMO_M(DEMO_HOME), "en",
	  "5 < 6 && 7 > 3, and yet the dashboard insists we had negative "
	  "tickets on Tuesday. Filing a bug." },
	{ DEMO_M(DEMO_HOME), "en",
	  "Industry news: {rival} is reportedly moving its support to "
	  "chat-only. Curious how that goes. {link}" },
	{ DEMO_M(DEMO_HOME), "en", "Friday! {e}" },
	{ DEMO_M(DEMO_HOME), "en",
	  "We crossed 50k followers this morning <3 Thank you all, seriously." },
	{ DEMO_M(DEMO_HOME), "en",
	  "Looking for someone who reads Korean for a customer thread. {mate} "
	  "maybe?" },
	{ DEMO_M(DEMO_HOME), "en",
	  "Slides from my talk on {tag} are up: {link}" },
	{ DEMO_M(DEMO_HOME), "en", "Lunch order closes in 10 min {e}" },
	{ DEMO_M(DEMO_HOME), "en",
	  "Hot take: the best social support teams I have worked with don't "
	  "have the fastest replies, they have the most useful first reply. Ask "
	  "the one question you need, link the one page that answers it, and "
	  "say who will follow up and when.\n\nEverything else is noise. Fight "
	  "me (politely) in the replies {e}" },

	/* mentions: people talking to or about the brand */
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Hey {s}, my order 4471-2209 still says 'processing' after six days. "
	  "Can someone check? {e}" },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Huge thanks to {s} support, they replaced my Anvil Pro in two days, "
	  "no questions asked {e}" },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Is there a way to change the delivery address after ordering? {s}" },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Honestly {s}, your app logged me out 5 times today. 5 < 6 but "
	  "still \U0001F624" },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Love the new {product} from {s} <3 {link}" },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Do you ship to {city}, {s}? Asking before I get too attached {e}" },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Two weeks, three emails, zero answers. {s} please DM me, this is "
	  "getting ridiculous." },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Q&A question for {s}: will the {product} firmware update fix the "
	  "left brake?" },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Shoutout to {s} for sponsoring the meetup in {city} {e} {tag}" },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Okay {s}, long one, sorry.\n\nI ordered the {product} on the 3rd, "
	  "got a shipping confirmation on the 5th, and the tracking page has "
	  "said 'label created' ever since. Your chat bot sent me to the FAQ, "
	  "the FAQ sent me to the chat bot, and the phone line plays the same "
	  "twenty seconds of jazz forever.\n\nI'm not angry, I just want to "
	  "know whether my parcel exists. Order 9921-0045. {e}" },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "So {user} told me {s} would fix this. Please tell me they're right, "
	  "{s}." },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Who runs the {s} account? The replies are genuinely funny {e}" },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Bug report for {s}: the search box treats \"Tom & Jerry\" as two "
	  "searches. Tried Firefox and Safari." },
	{ DEMO_M(DEMO_MENTIONS), "en",
	  "Is this your status page, {s}? {link} says all green but nothing "
	  "loads for me in {city}." },
	{ DEMO_M(DEMO_MENTIONS), "en", "thank you {s} {e}" },

	/* search: the query term worked into the text */
	{ DEMO_M(DEMO_SEARCH), "en", "Just tried {q} for the first time and wow {e}" },
	{ DEMO_M(DEMO_SEARCH), "en",
	  "Does anyone know if {q} works on AT&T's network? Thinking about "
	  "switching." },
	{ DEMO_M(DEMO_SEARCH), "en",
	  "Comparing {q} and {rival} this weekend, notes in the thread {e}" },
	{ DEMO_M(DEMO_SEARCH), "en",
	  "Unpopular opinion: {q} was better before the redesign." },
	{ DEMO_M(DEMO_SEARCH), "en", "Wrote up my first week with {q}: {link}" },
	{ DEMO_M(DEMO_SEARCH), "en",
	  "The {q} booth at the {city} expo has free stickers {e}" },
	{ DEMO_M(DEMO_SEARCH), "en",
	  "My honest review of {q} after three months.\n\nThe good: setup took "
	  "ten minutes, support answered every question within a day, and the "
	  "price is fair. The bad: the mobile app still forgets my login, and "
	  "the export only does CSV.\n\nWould I buy {q} again? Probably, yes. "
	  "Would I recommend it to my mum? Only if I am the one doing the "
	  "setup. {e} {tag}" },
	{ DEMO_M(DEMO_SEARCH), "en",
	  "anyone else getting errors from {q} today or just me" },
	{ DEMO_M(DEMO_SEARCH), "en", "TIL {q} has a public roadmap {link}" },
	{ DEMO_M(DEMO_SEARCH), "en",
	  "Not sponsored: {q} saved our R&D budget this quarter." },

	/* competitors */
	{ DEMO_M(DEMO_COMPETITORS), "en",
	  "{rival} just announced a price cut on their basic plan {link}" },
	{ DEMO_M(DEMO_COMPETITORS), "en",
	  "Switched away from {rival} last month. Their support queue was three "
	  "days deep {e}" },
	{ DEMO_M(DEMO_COMPETITORS), "en", "{rival} outage again? Third time this week." },
	{ DEMO_M(DEMO_COMPETITORS), "en",
	  "Honestly the new {rival} ad campaign is great. Tom & Jerry energy." },
	{ DEMO_M(DEMO_COMPETITORS), "en",
	  "Rumour: {rival} is hiring a whole social team in {city}." },
	{ DEMO_M(DEMO_COMPETITORS), "en",
	  "Comparison table, {rival} vs everyone else, updated for this "
	  "quarter: {link}" },
	{ DEMO_M(DEMO_COMPETITORS), "en",
	  "A thread on how {rival} handled yesterday's outage, since people "
	  "keep asking.\n\nThey posted within 12 minutes, updated every half "
	  "hour, and kept the same person answering replies all night, which "
	  "made it feel human. They never explained the cause, and their status "
	  "page said 'operational' for the whole first hour.\n\nThe lesson for "
	  "the rest of us: speed and one consistent voice beat a perfect "
	  "explanation. {e}" },
	{ DEMO_M(DEMO_COMPETITORS), "en",
	  "{rival} support replied to me in 4 minutes at 2am. Who is staffing "
	  "that? {e}" },
	{ DEMO_M(DEMO_COMPETITORS), "en",
	  "Is the {rival} R&D team okay? The new release removes the one "
	  "feature everyone used." },
	{ DEMO_M(DEMO_COMPETITORS), "en",
	  "{rival} Q&A livestream starts in 10 minutes {link}" },

	/* hashtag */
	{ DEMO_M(DEMO_HASHTAG), "en",
	  "Our {#q} meetup in {city} is on Thursday {e} RSVP: {link}" },
	{ DEMO_M(DEMO_HASHTAG), "en", "Loving all the {#q} photos today {e}" },
	{ DEMO_M(DEMO_HASHTAG), "en", "Day {n} of {#q}: still going strong {e}" },
	{ DEMO_M(DEMO_HASHTAG), "en",
	  "Quick question for the {#q} crowd: which one do you use most?" },
	{ DEMO_M(DEMO_HASHTAG), "en",
	  "Sharing my {#q} setup, with cable management this time {link}" },
	{ DEMO_M(DEMO_HASHTAG), "en",
	  "Not sure what {#q} is about but the memes are great" },
	{ DEMO_M(DEMO_HASHTAG), "en",
	  "Some thoughts on {#q} after a week of reading every post under "
	  "it.\n\nMost of it is people sharing what they built, which is "
	  "lovely. A surprising amount is support questions that nobody from "
	  "the company answers, which is a missed chance.\n\nIf you run a brand "
	  "account: search your own hashtag once a day. It takes ten minutes "
	  "and people notice. {e} {tag}" },
	{ DEMO_M(DEMO_HASHTAG), "en", "{#q} {tag} {e}" },
	{ DEMO_M(DEMO_HASHTAG), "en",
	  "Tips thread {#q}: 1\uFE0F\u20E3 read the docs 2\uFE0F\u20E3 read "
	  "them again 3\uFE0F\u20E3 ask {user}" },
	{ DEMO_M(DEMO_HASHTAG), "en", "Hearts for everyone posting {#q} <3" },

	/* the brand's own posts */
	{ DEMO_M(DEMO_OWN), "en",
	  "{product} {ver} is out! Smoother brakes, longer battery, same bright "
	  "orange. {link}" },
	{ DEMO_M(DEMO_OWN), "en", "We're hiring a support lead in {city} {e} {link}" },
	{ DEMO_M(DEMO_OWN), "en",
	  "Scheduled maintenance tonight 22:00\u201323:00 UTC. Orders placed "
	  "during the window go through right after." },
	{ DEMO_M(DEMO_OWN), "en",
	  "Thank you for 50k followers <3 Tell us what you would like to see "
	  "more of." },
	{ DEMO_M(DEMO_OWN), "en",
	  "Join the Q&A with our R&D team on Thursday, questions welcome {tag}" },
	{ DEMO_M(DEMO_OWN), "en", "Shipping to {city} is now two days faster {e}" },

	/* any channel: {s} becomes what the channel is about */
	{ DEMO_M_ANY, "ja",
	  "{s}の新しいアップデート、思ったより良かった{e} 特にバッテリーの持ちが"
	  "改善されてる。" },
	{ DEMO_M_ANY, "ja",
	  "{s}について質問です。注文した商品がまだ届きません…同じ状況の人います"
	  "か？" },
	{ DEMO_M_ANY, "ja",
	  "{city}のポップアップストアで{s}を見てきた！スタッフさんがとても親切"
	  "でした\U0001F64F\U0001F3FB {link}" },
	{ DEMO_M_ANY, "ja",
	  "{s}を三ヶ月使ってみた感想をまとめます。\n\n良い点：設定が簡単で、"
	  "サポートの返信も早い。価格も妥当だと思う。\n\n気になる点：アプリが"
	  "ときどきログアウトする。CSV以外の書き出しにも対応してほしい。\n\n"
	  "総合的にはおすすめです{e}" },
	{ DEMO_M_ANY, "zh", "刚试了一下{s}，比想象中好用多了{e}" },
	{ DEMO_M_ANY, "zh", "请问{s}的客服什么时候上班？订单已经一周没有更新了。" },
	{ DEMO_M_ANY, "zh", "{s}在{city}的新店今天开业，排队的人好多 {e} {link}" },
	{ DEMO_M_ANY, "zh",
	  "关于{s}的一点想法：产品不错，价格也合理，但是退货流程太复杂了，"
	  "希望能改进。" },
	{ DEMO_M_ANY, "ko", "{s} 새 업데이트 써봤는데 진짜 좋네요 {e}" },
	{ DEMO_M_ANY, "ko",
	  "{s} 고객센터 답변이 너무 늦어요. 주문한 지 일주일째인데 아직도 배송 "
	  "준비 중이에요 \U0001F622" },
	{ DEMO_M_ANY, "ko", "{city}에서 열린 {s} 행사 다녀왔어요! {e} {link}" },
	{ DEMO_M_ANY, "ko", "{s} 쓰시는 분들, 배터리 얼마나 가나요? 저는 하루도 안 가요." },
	{ DEMO_M_ANY, "ar", "جربت {s} اليوم، تجربة رائعة حقاً {e}" },
	{ DEMO_M_ANY, "ar", "هل يوجد دعم فني لـ {s} باللغة العربية؟ طلبي لم يصل بعد." },
	{ DEMO_M_ANY, "ar", "{s} في {city} الأسبوع القادم، من سيحضر؟ {e} {link}" },
	{ DEMO_M_ANY, "ar",
	  "رأيي في {s} بعد شهر من الاستخدام:\n\nالإيجابيات: سهل الإعداد والدعم "
	  "سريع.\n\nالسلبيات: التطبيق يسجل خروجي كل يوم. أتمنى إصلاح ذلك قريباً {e}" },
	{ DEMO_M_ANY, "he", "ניסיתי את {s} היום, ממש מרשים {e}" },
	{ DEMO_M_ANY, "he", "מישהו יודע מתי {s} יחזור לעבוד? כבר שעה שהאתר לא עולה." },
	{ DEMO_M_ANY, "he", "תודה רבה ל־{s} על השירות המהיר! החלפה תוך יומיים {e}" },
	{ DEMO_M_ANY, "he", "{s} ב{city} בשבוע הבא, מי מגיע? {link}" },
	{ DEMO_M_ANY, "fr", "Je viens d'essayer {s} et franchement, c'est top {e}" },
	{ DEMO_M_ANY, "fr",
	  "Quelqu'un sait si {s} livre à {city} ? Ma commande est bloquée depuis "
	  "une semaine." },
	{ DEMO_M_ANY, "fr",
	  "Petit retour sur {s} après un mois : très bien, mais l'appli plante "
	  "encore de temps en temps. La Q&A est prévue jeudi ? {link}" },
	{ DEMO_M_ANY, "fr",
	  "Mon avis sur {s}, en toute honnêteté.\n\nCe qui marche : "
	  "l'installation prend dix minutes, le service client répond vite et "
	  "le prix reste raisonnable. Ce qui coince : l'application mobile "
	  "oublie mon mot de passe et l'export ne propose que le CSV.\n\nEst-ce "
	  "que je le rachèterais ? Oui, probablement. Est-ce que je le "
	  "conseillerais à ma grand-mère ? Seulement si je m'occupe de la "
	  "configuration moi-même {e}" },
	{ DEMO_M_ANY, "es", "Acabo de probar {s} y me encanta {e}" },
	{ DEMO_M_ANY, "es",
	  "¿Alguien más tiene problemas con {s} hoy? No me carga nada desde "
	  "{city}." },
	{ DEMO_M_ANY, "es",
	  "Gracias a {s} por la atención, me cambiaron el producto en dos días "
	  "{e} {link}" },
	{ DEMO_M_ANY, "de", "Hab {s} heute ausprobiert \u2013 überraschend gut {e}" },
	{ DEMO_M_ANY, "de",
	  "Weiß jemand, ob {s} auch nach {city} liefert? Meine Bestellung hängt "
	  "seit Tagen fest." },
	{ DEMO_M_ANY, "de",
	  "Kurzes Fazit zu {s} nach drei Monaten: Einrichtung top, Support "
	  "schnell, App leider wackelig. {link}" },
	{ DEMO_M_ANY, "pl", "Właśnie przetestowałem {s} i jestem pod wrażeniem {e}" },
	{ DEMO_M_ANY, "pl",
	  "Czy ktoś wie, kiedy {s} wróci do działania? Od rana nic nie działa. "
	  "Pozdrawiam, {city}" },
	{ DEMO_M_ANY, "pl", "Dziękuję za szybką wymianę, {s}! Polecam {e}" },
};

/* Short summaries of quoted posts. */
static const char *const demo_quotes_brand[] = {
	"{product} {ver} ships today. Yes, the brakes work now {e}",
	"We're hiring a support lead in {city}",
	"Scheduled maintenance tonight 22:00\u201323:00 UTC",
	"Q&A with our R&D team on Thursday, send us your questions!",
};
static const char *const demo_quotes_rival[] = {
	"{rival} announces a new loyalty programme",
	"{rival}: we are aware of login issues and working on a fix",
	"Introducing {rival} Plus, now with 24/7 chat support",
};
static const char *const demo_quotes_user[] = {
	"What's the one support reply you wish every brand would stop sending?",
	"Unpopular opinion: chat bots are fine if they hand over quickly",
	"Rate my desk setup {e}",
};

static const char *const demo_products[] = {
	"Rocket Skates", "Anvil Pro", "Jet Pack Lite", "Giant Magnet",
	"Acme Cloud", "Portable Hole",
};

static const char *const demo_versions[] = { "2.4", "2.4.1", "3.0 beta", "3.1" };

static const char *const demo_links[] = {
	"https://acme.example/blog/rocket-skates-v2",
	"https://acme.example/status",
	"https://acme.example/help/returns?lang=en&ref=social",
	"https://acme.example/careers#support-lead",
	"https://acme.example/events/2026/meetup",
	"https://acme.example/docs/export-csv",
	"https://acme.example/r/8Fq2x",
};

static const char *const demo_tags[] = {
	"#CustomerSuccess", "#RocketSkates", "#SupportLife", "#DevRel",
	"#ラーメン", "#café", "#SocialMedia", "#QandA",
};

/* {e}: plain, skin tones, ZWJ sequences, flags, keycaps. */
static const char *const demo_emoji[] = {
	"\U0001F680",					/* rocket */
	"\U0001F389",					/* party popper */
	"\u2764\uFE0F",					/* red heart */
	"\U0001F525",					/* fire */
	"\u2728",					/* sparkles */
	"\U0001F602",					/* tears of joy */
	"\U0001F44D\U0001F3FD",				/* thumbs up, medium */
	"\U0001F44B\U0001F3FF",				/* waving, dark */
	"\U0001F64C\U0001F3FB",				/* raised hands, light */
	"\U0001F469\u200D\U0001F4BB",			/* woman technologist */
	"\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466", /* family */
	"\U0001F3F3\uFE0F\u200D\U0001F308",		/* rainbow flag */
	"\U0001F926\U0001F3FC\u200D\u2640\uFE0F",	/* woman facepalming */
	"\U0001F9D1\U0001F3FE\u200D\U0001F680",		/* astronaut */
	"\U0001F1EF\U0001F1F5",				/* flag: Japan */
	"\U0001F1EB\U0001F1F7",				/* flag: France */
	"\U0001F1E7\U0001F1F7",				/* flag: Brazil */
	"1\uFE0F\u20E3",				/* keycap 1 */
	"\u2615",					/* hot beverage */
};

static const struct {
	const char	*lang;
	const char	*city[3];
} demo_cities[] = {
	{ "en", { "Lisbon", "São Paulo", "Austin" } },
	{ "ja", { "東京", "大阪", "札幌" } },
	{ "zh", { "上海", "深圳", "成都" } },
	{ "ko", { "서울", "부산", "대전" } },
	{ "ar", { "دبي", "القاهرة", "عمّان" } },
	{ "he", { "תל אביב", "חיפה", "ירושלים" } },
	{ "fr", { "Montréal", "Paris", "Lyon" } },
	{ "es", { "Madrid", "Ciudad de México", "Bogotá" } },
	{ "de", { "Zürich", "Berlin", "Köln" } },
	{ "pl", { "Kraków", "Gdańsk", "Łódź" } },
};

static const char *const demo_warnings[] = {
	"Q3 roadmap spoilers", "food", "long rant", "eye contact",
	"mild swearing", "ネタバレ",
};

static const struct {
	enum post_media_kind	 kind;
	const char		*alt;	/* NULL: the author wrote none */
	const char		*ext;
	const char		*lang;	/* NULL: any post */
} demo_media[] = {
	{ POST_MEDIA_IMAGE, "A pair of red rocket skates on a desert road at "
	  "sunset, dust trailing behind them.", "jpg", NULL },
	{ POST_MEDIA_IMAGE, "Screenshot of the order page: the Pay button is "
	  "greyed out and an error reads \"Something went wrong (502)\".", "png", NULL },
	{ POST_MEDIA_IMAGE, "Bar chart of support tickets per day, falling from "
	  "420 on Monday to 130 on Friday.", "png", NULL },
	{ POST_MEDIA_IMAGE, "Six people in orange hoodies at a trade-show booth, "
	  "all giving a thumbs-up \U0001F44D\U0001F3FD", "jpg", NULL },
	{ POST_MEDIA_IMAGE, "東京のポップアップストアの入り口。オレンジ色の看板。",
	  "jpg", "ja" },
	{ POST_MEDIA_IMAGE, "Zrzut ekranu: koszyk z dwiema parami rolek, "
	  "razem 499 zł.", "png", "pl" },
	{ POST_MEDIA_VIDEO, "An anvil falls in slow motion onto a cushion that "
	  "says <3", "mp4", NULL },
	{ POST_MEDIA_GIFV, "A cartoon cat and mouse (think Tom & Jerry) chasing "
	  "each other around a desk.", "mp4", NULL },
	{ POST_MEDIA_IMAGE, NULL, "jpg", NULL },
	{ POST_MEDIA_IMAGE, NULL, "jpg", NULL },
};

/* Notification kinds, weighted. */
static const struct {
	enum post_notify	 kind;
	unsigned		 weight;
} demo_notify[] = {
	{ POST_NOTIFY_MENTION, 5 }, { POST_NOTIFY_REPLY, 4 },
	{ POST_NOTIFY_LIKE, 5 }, { POST_NOTIFY_REPOST, 3 },
	{ POST_NOTIFY_FOLLOW, 2 }, { POST_NOTIFY_QUOTE, 2 },
};

/* --- generator --------------------------------------------------------- */

struct demo_rng {
	uint64_t	 s;
};

static uint64_t
demo_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
demo_next(struct demo_rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return demo_mix(r->s);
}

/* Uniform in [0, n); 0 when n is 0. */
static size_t
demo_below(struct demo_rng *r, size_t n)
{
	return (size_t)(((demo_next(r) >> 32) * (uint64_t)n) >> 32);
}

static bool
demo_one_in(struct demo_rng *r, unsigned n)
{
	return n != 0 && demo_below(r, n) == 0;
}

static double
demo_unit(struct demo_rng *r)
{
	return (double)(demo_next(r) >> 11) * 0x1p-53;
}

/* FNV-1a; NULL hashes like "". */
static uint64_t
demo_hash(const char *s)
{
	uint64_t	h = 0xcbf29ce484222325ULL;

	for (; s != NULL && *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static uint64_t
demo_key(unsigned long seed, const char *channel, const char *query)
{
	uint64_t	k = demo_mix((uint64_t)seed + 0x9e3779b97f4a7c15ULL);

	k = demo_mix(k ^ demo_hash(channel));
	return demo_mix(k ^ demo_hash(query));
}

/* Card n % count of a deck of count (at most DEMO_DECK_MAX) shuffled afresh
 * for every block of count posts: what is dealt rarely repeats soon. */
#define DEMO_DECK_MAX	64
static size_t
demo_deal(uint64_t key, uint64_t n, size_t count)
{
	struct demo_rng	r = { demo_mix(key ^ demo_mix(n / count ^
			    0x5bd1e9955bd1e995ULL)) };
	size_t		deck[DEMO_DECK_MAX], i, j, t;

	for (i = 0; i < count; i++)
		deck[i] = i;
	for (i = count - 1; i > 0; i--) {
		j = demo_below(&r, i + 1);
		t = deck[i];
		deck[i] = deck[j];
		deck[j] = t;
	}
	return deck[n % count];
}

/* The script dealt to post n: one of each per DEMO_BLOCK posts. */
static enum demo_script
demo_slot(uint64_t key, uint64_t n)
{
	size_t	card = demo_deal(key, n, DEMO_BLOCK);

	return card < DEMO_DEALT ? (enum demo_script)(DEMO_SCRIPT_ACCENT +
	    card) : DEMO_SCRIPT_LATIN;
}

/* --- text with spans ---------------------------------------------------- */

struct demo_text {
	char			 buf[DEMO_TEXT_MAX];
	size_t			 len;
	struct post_span	 spans[DEMO_SPANS_MAX];
	char			 urls[DEMO_SPANS_MAX][DEMO_URL_MAX];
	size_t			 nspans;
};

/* Appends whole pieces only, so a span never covers a cut. */
static bool
demo_text_add(struct demo_text *t, const char *s, size_t len)
{
	if (len >= sizeof t->buf - t->len)
		return false;
	memcpy(t->buf + t->len, s, len);
	t->len += len;
	t->buf[t->len] = '\0';
	return true;
}

static void
demo_text_put(struct demo_text *t, const char *s)
{
	demo_text_add(t, s, strlen(s));
}

static void
demo_text_span(struct demo_text *t, enum post_span_kind kind, const char *s,
    const char *url)
{
	size_t	start = t->len;

	if (t->nspans == DEMO_SPANS_MAX || !demo_text_add(t, s, strlen(s)))
		return;
	t->spans[t->nspans].kind = kind;
	t->spans[t->nspans].start = (uint32_t)start;
	t->spans[t->nspans].end = (uint32_t)t->len;
	snprintf(t->urls[t->nspans], DEMO_URL_MAX, "%s", url);
	t->spans[t->nspans].url = t->urls[t->nspans];
	t->nspans++;
}

static void
demo_text_mention(struct demo_text *t, const char *handle)
{
	char	at[DEMO_TERM_MAX + 2], url[DEMO_URL_MAX];

	snprintf(at, sizeof at, "@%s", handle);
	snprintf(url, sizeof url, "https://demo.invalid/@%s", handle);
	demo_text_span(t, POST_SPAN_MENTION, at, url);
}

/* tag: with its leading '#'. */
static void
demo_text_hashtag(struct demo_text *t, const char *tag)
{
	char	url[DEMO_URL_MAX];

	snprintf(url, sizeof url, "https://demo.invalid/tags/%s", tag + 1);
	demo_text_span(t, POST_SPAN_HASHTAG, tag, url);
}

/* --- one post's context and its fillers ------------------------------- */

struct demo_ctx {
	struct demo_rng			 rng;
	enum demo_kind			 kind;	/* whose templates */
	const char			*lang;
	const struct demo_author	*author;
	char				 terms[DEMO_TERMS_MAX][DEMO_TERM_MAX];
	size_t				 nterms;
	const char			*term;	/* this post's query term */
	char				 tag[DEMO_TERM_MAX + 1];	/* "#term" */
	char				 rival[DEMO_TERM_MAX];
	const struct demo_author	*to;		/* replied to */
	bool				 to_brand;
	uint64_t			 key, n;
};

static const char *
demo_pick(struct demo_rng *r, const char *const *v, size_t n)
{
	return v[demo_below(r, n)];
}
#define DEMO_PICK(c, v)	demo_pick(&(c)->rng, (v), nitems(v))

/* Someone other than the post's author and whom it replies to (and not
 * the brand). */
static const struct demo_author *
demo_other(struct demo_ctx *c, bool team)
{
	const struct demo_author	*a;
	size_t				 tries;

	for (tries = 0; tries < 64; tries++) {
		a = &demo_authors[demo_below(&c->rng, nitems(demo_authors))];
		if (a != c->author && a != c->to && (!team || a->team))
			return a;
	}
	return &demo_authors[0];
}

static void
demo_fill_acme(struct demo_ctx *c, struct demo_text *t)
{
	demo_text_mention(t, demo_brand.handle);
}

static void
demo_fill_user(struct demo_ctx *c, struct demo_text *t)
{
	demo_text_mention(t, demo_other(c, false)->handle);
}

static void
demo_fill_mate(struct demo_ctx *c, struct demo_text *t)
{
	demo_text_mention(t, demo_other(c, true)->handle);
}

static void
demo_fill_product(struct demo_ctx *c, struct demo_text *t)
{
	demo_text_put(t, DEMO_PICK(c, demo_products));
}

static void
demo_fill_rival(struct demo_ctx *c, struct demo_text *t)
{
	demo_text_put(t, c->rival);
}

/* The term as written; a term that is itself a tag or a handle gets its span. */
static void
demo_fill_q(struct demo_ctx *c, struct demo_text *t)
{
	char	url[DEMO_URL_MAX];

	if (c->term[0] == '#' && c->term[1] != '\0' &&
	    strchr(c->term, ' ') == NULL)
		demo_text_hashtag(t, c->term);
	else if (c->term[0] == '@' && c->term[1] != '\0' &&
	    strchr(c->term, ' ') == NULL) {
		snprintf(url, sizeof url, "https://demo.invalid/%s", c->term);
		demo_text_span(t, POST_SPAN_MENTION, c->term, url);
	} else
		demo_text_put(t, c->term);
}

static void
demo_fill_hashq(struct demo_ctx *c, struct demo_text *t)
{
	demo_text_hashtag(t, c->tag);
}

static void
demo_fill_link(struct demo_ctx *c, struct demo_text *t)
{
	const char	*url = DEMO_PICK(c, demo_links);

	demo_text_span(t, POST_SPAN_LINK, url, url);
}

static void
demo_fill_tag(struct demo_ctx *c, struct demo_text *t)
{
	demo_text_hashtag(t, DEMO_PICK(c, demo_tags));
}

static void
demo_fill_emoji(struct demo_ctx *c, struct demo_text *t)
{
	demo_text_put(t, DEMO_PICK(c, demo_emoji));
}

static void
demo_fill_number(struct demo_ctx *c, struct demo_text *t)
{
	char	buf[16];

	snprintf(buf, sizeof buf, "%zu", 2 + demo_below(&c->rng, 98));
	demo_text_put(t, buf);
}

static void
demo_fill_city(struct demo_ctx *c, struct demo_text *t)
{
	size_t	i, row = 0;

	for (i = 0; i < nitems(demo_cities); i++)
		if (strcmp(demo_cities[i].lang, c->lang) == 0)
			row = i;
	demo_text_put(t, DEMO_PICK(c, demo_cities[row].city));
}

static void
demo_fill_version(struct demo_ctx *c, struct demo_text *t)
{
	demo_text_put(t, DEMO_PICK(c, demo_versions));
}

static void
demo_fill_subject(struct demo_ctx *c, struct demo_text *t)
{
	switch (c->kind) {
	case DEMO_MENTIONS:
	case DEMO_NOTIFICATIONS:
		if (c->to_brand)
			demo_text_put(t, demo_brand.name);
		else
			demo_fill_acme(c, t);
		break;
	case DEMO_SEARCH:
		demo_fill_q(c, t);
		break;
	case DEMO_COMPETITORS:
		demo_fill_rival(c, t);
		break;
	case DEMO_HASHTAG:
		demo_fill_hashq(c, t);
		break;
	case DEMO_HOME:
		demo_text_put(t, demo_brand.name);
		break;
	case DEMO_OWN:
		demo_fill_product(c, t);
		break;
	}
}

static const struct {
	const char	*name;
	void		 (*fill)(struct demo_ctx *, struct demo_text *);
} demo_fillers[] = {
	{ "s", demo_fill_subject }, { "q", demo_fill_q },
	{ "#q", demo_fill_hashq }, { "rival", demo_fill_rival },
	{ "acme", demo_fill_acme }, { "user", demo_fill_user },
	{ "mate", demo_fill_mate }, { "product", demo_fill_product },
	{ "link", demo_fill_link }, { "tag", demo_fill_tag },
	{ "e", demo_fill_emoji }, { "n", demo_fill_number },
	{ "city", demo_fill_city }, { "ver", demo_fill_version },
};

static void
demo_expand(struct demo_ctx *c, struct demo_text *t, const char *tmpl)
{
	const char	*p = tmpl, *open, *close;
	size_t		 i, len;

	while ((open = strchr(p, '{')) != NULL &&
	    (close = strchr(open, '}')) != NULL) {
		demo_text_add(t, p, (size_t)(open - p));
		len = (size_t)(close - open - 1);
		for (i = 0; i < nitems(demo_fillers); i++) {
			if (strlen(demo_fillers[i].name) == len &&
			    memcmp(demo_fillers[i].name, open + 1, len) == 0) {
				demo_fillers[i].fill(c, t);
				break;
			}
		}
		if (i == nitems(demo_fillers))
			demo_text_add(t, open, len + 2);
		p = close + 1;
	}
	demo_text_put(t, p);
}

/* A template of kind in lang (English when lang has none), dealt so that
 * nearby posts rarely share one. */
static const char *
demo_template(struct demo_ctx *c, enum demo_kind kind, const char *lang)
{
	size_t		i, count = 0, k;
	uint64_t	deck = c->key ^ demo_hash(lang) ^
			    demo_mix((uint64_t)kind + 1);

	for (i = 0; i < nitems(demo_templates); i++)
		if ((demo_templates[i].channels & DEMO_M(kind)) &&
		    strcmp(demo_templates[i].lang, lang) == 0)
			count++;
	if (count == 0) {
		c->lang = "en";
		return strcmp(lang, "en") == 0 ? "" :
		    demo_template(c, kind, "en");
	}
	k = count <= DEMO_DECK_MAX ? demo_deal(deck, c->n, count) :
	    demo_below(&c->rng, count);
	for (i = 0; i < nitems(demo_templates); i++)
		if ((demo_templates[i].channels & DEMO_M(kind)) &&
		    strcmp(demo_templates[i].lang, lang) == 0 && k-- == 0)
			break;
	c->lang = lang;
	return demo_templates[i].text;
}

/* An author of script; for LATIN, anyone writing in a Latin script.
 * Colleagues are favoured on the home timeline and never write to the brand
 * from outside (mentions, searches, notifications). */
static const struct demo_author *
demo_author(struct demo_ctx *c, enum demo_script script, enum demo_kind kind)
{
	const struct demo_author	*a;
	size_t				 i, count = 0, k;
	bool				 team, outside;

	outside = kind != DEMO_HOME && kind != DEMO_HASHTAG;
	if (script == DEMO_SCRIPT_LATIN) {
		team = kind == DEMO_HOME && demo_below(&c->rng, 5) < 2;
		for (;;) {
			a = &demo_authors[demo_below(&c->rng,
			    nitems(demo_authors))];
			if (a->script > DEMO_SCRIPT_ACCENT ||
			    (outside && a->team))
				continue;
			/* Mostly plain English; accents also turn up. */
			if (a->script == DEMO_SCRIPT_ACCENT &&
			    demo_below(&c->rng, 3) != 0)
				continue;
			if (!team || a->team)
				return a;
		}
	}
	for (i = 0; i < nitems(demo_authors); i++)
		if (demo_authors[i].script == script &&
		    !(outside && demo_authors[i].team))
			count++;
	k = demo_below(&c->rng, count);
	for (i = 0; i < nitems(demo_authors); i++)
		if (demo_authors[i].script == script &&
		    !(outside && demo_authors[i].team) && k-- == 0)
			break;
	return &demo_authors[i];
}

/* Copies at most DEMO_TERM_MAX - 1 bytes, never cutting a UTF-8 sequence. */
static void
demo_copy_term(char *dst, const char *s, size_t len)
{
	if (len > DEMO_TERM_MAX - 1) {
		len = DEMO_TERM_MAX - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* Splits a query like "globex OR initech" (or "a, b" or "a | b") into terms,
 * without the quotes around them. */
static void
demo_terms(struct demo_ctx *c, const char *query)
{
	static const char *const seps[] = { " OR ", " or ", ",", "|" };
	const char	*p = query, *end, *next, *sep;
	size_t		 i;

	c->nterms = 0;
	while (*p != '\0' && c->nterms < DEMO_TERMS_MAX) {
		end = next = p + strlen(p);
		for (i = 0; i < nitems(seps); i++) {
			if ((sep = strstr(p, seps[i])) != NULL && sep < end) {
				end = sep;
				next = sep + strlen(seps[i]);
			}
		}
		while (p < end && (*p == ' ' || *p == '"' || *p == '\''))
			p++;
		while (end > p && (end[-1] == ' ' || end[-1] == '"' ||
		    end[-1] == '\''))
			end--;
		if (end > p)
			demo_copy_term(c->terms[c->nterms++], p,
			    (size_t)(end - p));
		p = next;
	}
}

/* "#" and the term's tag-worthy bytes (ASCII letters, digits, '_', and
 * anything non-ASCII); "#acme" when nothing is left. out holds
 * DEMO_TERM_MAX + 1 bytes; term is shorter than DEMO_TERM_MAX. */
static void
demo_make_tag(char *out, const char *term)
{
	size_t		n = 1;
	unsigned char	ch;

	out[0] = '#';
	for (; *term != '\0' && n < DEMO_TERM_MAX; term++) {
		ch = (unsigned char)*term;
		if (ch >= 0x80 || ch == '_' || (ch >= '0' && ch <= '9') ||
		    ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'))
			out[n++] = (char)ch;
	}
	out[n] = '\0';
	if (n == 1)
		strcpy(out, "#acme");
}

static void
demo_prepare(struct demo_ctx *c, enum demo_kind kind, const char *query)
{
	static const char *const rivals[] = { "Globex", "Initech" };

	demo_terms(c, query != NULL && *query != '\0' ? query :
	    demo_defs[kind].defaults);
	if (c->nterms == 0)
		demo_terms(c, demo_defs[kind].defaults);
	c->term = c->terms[demo_below(&c->rng, c->nterms)];
	demo_make_tag(c->tag, c->term[0] == '#' ? c->term + 1 : c->term);
	if (kind == DEMO_COMPETITORS) {
		snprintf(c->rival, sizeof c->rival, "%s", c->term);
		/* Company names: "globex" reads as "Globex". */
		if (c->rival[0] >= 'a' && c->rival[0] <= 'z')
			c->rival[0] = (char)(c->rival[0] - 'a' + 'A');
	} else
		snprintf(c->rival, sizeof c->rival, "%s", DEMO_PICK(c, rivals));
}

static void
demo_quote(struct demo_ctx *c, struct demo_text *q, const char *const *v,
    size_t n)
{
	demo_expand(c, q, demo_pick(&c->rng, v, n));
}

/* Counts that scale with followers, with a long tail. */
static void
demo_counts(struct demo_ctx *c, struct post *t, long followers)
{
	double	u = demo_unit(&c->rng), v = demo_unit(&c->rng);

	t->likes = (long)((double)followers * (0.0004 + 0.04 * u * u * u)) +
	    (long)demo_below(&c->rng, 6);
	t->reposts = (long)((double)t->likes * (0.03 + 0.25 * v * v));
	t->replies = (long)((double)t->likes * (0.02 + 0.12 *
	    demo_unit(&c->rng))) + (long)demo_below(&c->rng, 3);
}

/* Everything a post template points at while post_new() copies it. */
struct demo_build {
	struct post		 t;
	struct demo_text	 text, quote;
	struct post_media	 media;
	char			 id[128], url[256], author_id[96], avatar[160];
	char			 reply_id[32], poll[96], media_url[192];
	char			 quote_handle[DEMO_TERM_MAX + 1];
};

/* Notifications: what happened, by whom (the post's dealt author). Likes
 * and reposts are about one of the brand's own posts. */
static void
demo_build_notify(struct demo_ctx *c, struct demo_build *b)
{
	size_t	i, w;

	for (i = 0, w = 0; i < nitems(demo_notify); i++)
		w += demo_notify[i].weight;
	w = demo_below(&c->rng, w);
	for (i = 0; w >= demo_notify[i].weight; i++)
		w -= demo_notify[i].weight;
	b->t.notify = demo_notify[i].kind;
	b->t.notify_by = c->author->name;
	c->kind = DEMO_MENTIONS;
	if (b->t.notify == POST_NOTIFY_LIKE ||
	    b->t.notify == POST_NOTIFY_REPOST) {
		c->kind = DEMO_OWN;
		c->author = &demo_brand;
	}
}

static void
demo_build_quote(struct demo_ctx *c, struct demo_build *b,
    enum demo_kind kind)
{
	size_t	i;

	if (kind == DEMO_COMPETITORS) {
		demo_quote(c, &b->quote, demo_quotes_rival,
		    nitems(demo_quotes_rival));
		/* The rival's own account: "Globex" -> globex. */
		demo_make_tag(b->quote_handle, c->rival);
		for (i = 1; b->quote_handle[i] != '\0'; i++)
			if (b->quote_handle[i] >= 'A' &&
			    b->quote_handle[i] <= 'Z')
				b->quote_handle[i] += 'a' - 'A';
		b->t.quote_author = b->quote_handle + 1;
	} else if (kind == DEMO_MENTIONS || kind == DEMO_NOTIFICATIONS ||
	    kind == DEMO_HOME) {
		demo_quote(c, &b->quote, demo_quotes_brand,
		    nitems(demo_quotes_brand));
		b->t.quote_author = demo_brand.handle;
	} else {
		demo_quote(c, &b->quote, demo_quotes_user,
		    nitems(demo_quotes_user));
		b->t.quote_author = demo_other(c, false)->handle;
	}
	b->t.quote_text = b->quote.buf;
}

/* Now and then: a content warning, media (with alt text, mostly), a poll;
 * then counts and the user's own state. */
static void
demo_build_extras(struct demo_ctx *c, struct demo_build *b)
{
	size_t		i;
	unsigned	options;
	long		votes;

	if (demo_one_in(&c->rng, 20)) {
		b->t.content_warning = DEMO_PICK(c, demo_warnings);
		b->t.flags |= POST_SENSITIVE;
	}
	if (demo_one_in(&c->rng, 6)) {
		do
			i = demo_below(&c->rng, nitems(demo_media));
		while (demo_media[i].lang != NULL &&
		    strcmp(demo_media[i].lang, c->lang) != 0);
		snprintf(b->media_url, sizeof b->media_url,
		    "https://demo.invalid/media/%s/1.%s", b->id,
		    demo_media[i].ext);
		b->media.kind = demo_media[i].kind;
		b->media.alt = demo_media[i].alt;
		b->media.url = b->media_url;
		b->t.media = &b->media;
		b->t.nmedia = 1;
	} else if (demo_one_in(&c->rng, 14)) {
		options = 2 + (unsigned)demo_below(&c->rng, 3);
		votes = 3 + (long)((double)c->author->followers * 0.01 *
		    demo_unit(&c->rng));
		if (demo_one_in(&c->rng, 3))
			snprintf(b->poll, sizeof b->poll,
			    "%u options, %ld votes, closed", options, votes);
		else
			snprintf(b->poll, sizeof b->poll,
			    "%u options, %ld votes, ends in %zu h", options,
			    votes, 1 + demo_below(&c->rng, 47));
		b->t.poll = b->poll;
	}
	demo_counts(c, &b->t, c->author->followers);
	if (demo_one_in(&c->rng, 40))
		b->t.flags |= POST_LIKED;
	if (demo_one_in(&c->rng, 60))
		b->t.flags |= POST_BOOKMARKED;
}

struct post *
demo_make_post(unsigned long seed, const char *channel, const char *query,
    uint64_t n, int64_t created)
{
	return demo_make_column_post(seed, channel, query, NULL, n, created);
}

struct post *
demo_make_column_post(unsigned long seed, const char *channel,
    const char *query, const char *column, uint64_t n, int64_t created)
{
	struct demo_ctx			 c;
	struct demo_build		*b;
	struct post			*p;
	const struct demo_author	*by = NULL, *to = NULL;
	const struct demo_channel_def	*def;
	enum demo_kind			 kind = DEMO_HOME;
	size_t				 i;

	if (query != NULL && *query == '\0')
		query = NULL;
	for (i = 0; channel != NULL && demo_channels[i] != NULL; i++)
		if (strcmp(demo_channels[i], channel) == 0)
			kind = (enum demo_kind)i;
	if (channel == NULL)
		channel = "home";
	def = &demo_defs[kind];

	b = xcalloc(1, sizeof *b);
	memset(&c, 0, sizeof c);
	c.key = demo_key(seed, channel, query);
	c.n = n;
	c.rng.s = demo_mix(c.key ^ demo_mix(n + 0x2545f4914f6cdd1dULL));
	c.kind = kind;
	demo_prepare(&c, kind, query);
	c.author = demo_author(&c, demo_slot(c.key, n), kind);
	if (kind == DEMO_NOTIFICATIONS)
		demo_build_notify(&c, b);

	if (b->t.notify == POST_NOTIFY_REPLY ||
	    (def->reply != 0 && demo_one_in(&c.rng, def->reply)))
		to = kind == DEMO_MENTIONS || kind == DEMO_NOTIFICATIONS ?
		    &demo_brand : demo_other(&c, kind == DEMO_HOME);
	c.to = to;
	c.to_brand = to == &demo_brand;
	if (def->repost != 0 && demo_one_in(&c.rng, def->repost))
		by = demo_other(&c, kind == DEMO_HOME);

	/* The text: a reply starts with the handle it answers. */
	if (to != NULL) {
		demo_text_mention(&b->text, to->handle);
		demo_text_put(&b->text, " ");
	}
	if (b->t.notify == POST_NOTIFY_FOLLOW) {
		demo_text_put(&b->text, c.author->bio);
		c.lang = c.author->lang;
	} else
		demo_expand(&c, &b->text, demo_template(&c, c.kind,
		    c.author->lang));
	if (b->t.notify == POST_NOTIFY_QUOTE ||
	    (def->quote != 0 && demo_one_in(&c.rng, def->quote)))
		demo_build_quote(&c, b, kind);

	/* Identity. The query's hash keeps two searches' ids apart. */
	if (query != NULL)
		snprintf(b->id, sizeof b->id, "%s-%04x-%" PRIu64, channel,
		    (unsigned)(demo_hash(query) & 0xffff), n);
	else
		snprintf(b->id, sizeof b->id, "%s-%" PRIu64, channel, n);
	snprintf(b->url, sizeof b->url, "https://demo.invalid/@%s/%s",
	    c.author->handle, b->id);
	snprintf(b->author_id, sizeof b->author_id, "demo:%s",
	    c.author->handle);
	snprintf(b->avatar, sizeof b->avatar,
	    "https://demo.invalid/avatars/%s.png", c.author->handle);
	b->t.network = "demo";
	b->t.column = column != NULL ? column : channel;
	b->t.id = b->id;
	b->t.action_ref = b->id;
	b->t.url = b->url;
	b->t.author_name = c.author->name;
	b->t.author_handle = c.author->handle;
	b->t.author_id = b->author_id;
	b->t.avatar_url = b->avatar;
	b->t.followers = c.author->followers;
	b->t.created = created;
	b->t.text = b->text.buf;
	b->t.spans = b->text.spans;
	b->t.nspans = b->text.nspans;
	b->t.lang = c.lang;
	if (to != NULL) {
		snprintf(b->reply_id, sizeof b->reply_id, "thread-%08" PRIx64,
		    demo_next(&c.rng) >> 32);
		b->t.reply_to_id = b->reply_id;
		b->t.reply_to_author = to->handle;
	}
	if (by != NULL) {
		b->t.reposted_by_name = by->name;
		b->t.reposted_by_handle = by->handle;
	}
	if (b->t.notify != POST_NOTIFY_FOLLOW)
		demo_build_extras(&c, b);

	p = post_new(&b->t);
	free(b);
	return p;
}
