/*  demo_templates.c - what the demo catalog is made of (see demo_templates.h).

    Tax: unprocessed farm, livestock and fishery products are VAT-exempt, also when only
    washed, cut, chilled or frozen; care services of social enterprises are exempt as well;
    everything processed, and experiences and other services, is taxable.
    Temperature: kimchi, side dishes, fresh meat, lunch boxes and soft fruit travel chilled;
    frozen seafood, dumplings and rice cakes frozen; everything else ambient.
*/
#include "demo_templates.h"

#include <string.h>

#define S_AMB DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_AMBIENT
#define S_CHL DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_CHILLED
#define S_FRZ DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_FROZEN

#define S_SOCIAL DURE__V1__ENTERPRISE_KIND__ENTERPRISE_SOCIAL
#define S_PRELIM DURE__V1__ENTERPRISE_KIND__ENTERPRISE_PRELIMINARY_SOCIAL
#define S_COOP DURE__V1__ENTERPRISE_KIND__ENTERPRISE_COOPERATIVE
#define S_SOCOOP DURE__V1__ENTERPRISE_KIND__ENTERPRISE_SOCIAL_COOPERATIVE
#define S_VILLAGE DURE__V1__ENTERPRISE_KIND__ENTERPRISE_VILLAGE
#define S_SELF DURE__V1__ENTERPRISE_KIND__ENTERPRISE_SELF_SUFFICIENCY

#define S_LEN(a) (sizeof(a) / sizeof *(a))

/* A service, experience or care: nothing to ship. */
#define S_SERVICE(name, price, exempt)                                                             \
    {                                                                                              \
        name, price, 0, 0, 0, 0, S_AMB, 0, 0, exempt                                               \
    }

static const durectl_demo_item_t s_rice[] = {
    {"친환경 백미 10kg", 32000, 450, 300, 120, 10100, S_AMB, 0, 1, 1},
    {"현미 4kg", 16000, 300, 200, 90, 4050, S_AMB, 0, 1, 1},
    {"찹쌀 4kg", 19000, 300, 200, 90, 4050, S_AMB, 0, 1, 1},
    {"혼합 잡곡 1kg", 8500, 220, 150, 60, 1020, S_AMB, 0, 1, 1},
    {"찰보리 2kg", 9000, 250, 170, 70, 2030, S_AMB, 0, 1, 1},
    {"서리태 1kg", 14000, 220, 150, 60, 1020, S_AMB, 0, 1, 1},
};

static const durectl_demo_item_t s_produce[] = {
    {"제철 채소 꾸러미", 25000, 350, 250, 200, 3200, S_CHL, 0, 1, 1},
    {"설향 딸기 1kg", 18000, 300, 200, 100, 1150, S_CHL, 1, 1, 1},
    {"사과 5kg", 35000, 400, 300, 200, 5400, S_AMB, 0, 1, 1},
    {"방울토마토 2kg", 16000, 300, 200, 120, 2150, S_AMB, 0, 1, 1},
    {"알밤 2kg", 15000, 280, 200, 100, 2080, S_AMB, 0, 1, 1},
    {"육쪽마늘 1kg", 12000, 250, 180, 100, 1050, S_AMB, 0, 1, 1},
    {"표고버섯 1kg", 20000, 300, 220, 150, 1100, S_CHL, 0, 1, 1},
    {"유기농 쌈채소 1kg", 12000, 300, 220, 150, 1100, S_CHL, 0, 1, 1},
    {"절임배추 20kg", 38000, 500, 350, 250, 20300, S_CHL, 0, 1, 1},
    {"유정란 30구", 13000, 330, 300, 80, 2100, S_AMB, 1, 1, 1},
};

static const durectl_demo_item_t s_meat[] = {
    {"한우 불고기용 600g", 32000, 250, 200, 60, 650, S_CHL, 0, 1, 1},
    {"한돈 삼겹살 1kg", 24000, 280, 200, 60, 1060, S_CHL, 0, 1, 1},
    {"냉동 꽃게 2kg", 39000, 350, 250, 120, 2150, S_FRZ, 0, 1, 1},
    {"자연산 대하 1kg", 30000, 300, 220, 80, 1080, S_FRZ, 0, 1, 1},
    {"바지락 1kg", 9000, 250, 180, 80, 1050, S_CHL, 0, 1, 1},
    {"곱창김 100매", 15000, 300, 220, 50, 280, S_AMB, 0, 1, 1},
    {"냉동 주꾸미 1kg", 22000, 280, 200, 60, 1060, S_FRZ, 0, 1, 1},
};

static const durectl_demo_item_t s_side[] = {
    {"전통 고추장 1kg", 18000, 150, 150, 130, 1150, S_AMB, 0, 1, 0},
    {"재래식 된장 1kg", 15000, 150, 150, 130, 1150, S_AMB, 0, 1, 0},
    {"배추김치 3kg", 27000, 250, 200, 150, 3150, S_CHL, 0, 1, 0},
    {"국간장 900ml 유리병", 13000, 90, 90, 290, 1600, S_AMB, 1, 1, 0},
    {"어리굴젓 500g 유리병", 15000, 110, 110, 130, 900, S_CHL, 1, 1, 0},
    {"깻잎장아찌 500g 유리병", 9000, 110, 110, 130, 880, S_CHL, 1, 1, 0},
    {"총각김치 2kg", 22000, 220, 180, 130, 2120, S_CHL, 0, 1, 0},
    {"멸치볶음 200g", 6500, 150, 110, 60, 240, S_CHL, 0, 1, 0},
    {"손두부 600g", 4500, 180, 120, 70, 650, S_CHL, 0, 1, 0},
};

static const durectl_demo_item_t s_processed[] = {
    {"쌀과자 120g", 3500, 200, 130, 60, 150, S_AMB, 0, 1, 0},
    {"두부과자 150g", 3000, 200, 130, 60, 170, S_AMB, 0, 1, 0},
    {"호두과자 20입", 9000, 260, 200, 50, 520, S_AMB, 0, 1, 0},
    {"전통 약과 10입", 6000, 200, 150, 50, 420, S_AMB, 0, 1, 0},
    {"수제 밤양갱 5입", 8000, 180, 110, 40, 300, S_AMB, 0, 1, 0},
    {"누룽지 500g", 7000, 250, 180, 60, 530, S_AMB, 0, 1, 0},
    {"유과 선물세트", 22000, 320, 240, 90, 700, S_AMB, 0, 1, 0},
    {"딸기잼 300g 유리병", 7500, 80, 80, 110, 520, S_AMB, 1, 1, 0},
    {"쌀조청 1kg 유리병", 15000, 110, 110, 150, 1550, S_AMB, 1, 1, 0},
    {"참기름 300ml 유리병", 16000, 65, 65, 220, 600, S_AMB, 1, 1, 0},
    {"들기름 300ml 유리병", 15000, 65, 65, 220, 600, S_AMB, 1, 1, 0},
    {"생강차 1kg 유리병", 17000, 110, 110, 150, 1550, S_AMB, 1, 1, 0},
    {"미숫가루 1kg", 12000, 220, 160, 70, 1030, S_AMB, 0, 1, 0},
    {"사과즙 30포", 25000, 300, 230, 120, 3300, S_AMB, 0, 1, 0},
    {"냉동 떡국떡 1kg", 6500, 250, 180, 60, 1030, S_FRZ, 0, 1, 0},
    {"손만두 1kg", 12000, 280, 200, 70, 1050, S_FRZ, 0, 1, 0},
    {"수제 어묵 500g", 8000, 220, 150, 60, 530, S_CHL, 0, 1, 0},
    {"전통 식혜 1.5L", 6000, 100, 100, 300, 1600, S_CHL, 0, 1, 0},
};

static const durectl_demo_item_t s_health[] = {
    {"6년근 홍삼정 240g 유리병", 98000, 120, 120, 130, 700, S_AMB, 1, 1, 0},
    {"홍삼 절편 선물세트", 45000, 280, 200, 50, 420, S_AMB, 0, 1, 0},
    {"인삼 꿀절임 500g 유리병", 35000, 110, 110, 140, 900, S_AMB, 1, 1, 0},
    {"수삼 750g", 45000, 300, 200, 80, 850, S_CHL, 0, 1, 1},
    {"구기자 분말 300g", 18000, 150, 100, 150, 350, S_AMB, 0, 1, 0},
    {"흑마늘 진액 30포", 35000, 300, 230, 100, 2400, S_AMB, 0, 1, 0},
    {"도라지청 600g 유리병", 28000, 110, 110, 160, 1100, S_AMB, 1, 1, 0},
    {"야생화 꿀 2.4kg 유리병", 60000, 250, 130, 180, 3400, S_AMB, 1, 1, 0},
    {"양파즙 50포", 20000, 350, 250, 130, 5500, S_AMB, 0, 1, 0},
    {"현미 발효식초 500ml", 18000, 70, 70, 280, 950, S_AMB, 1, 1, 0},
};

static const durectl_demo_item_t s_lunch[] = {
    {"한식 도시락", 7000, 220, 180, 60, 550, S_CHL, 0, 1, 0},
    {"건강 도시락 5일 배송", 35000, 300, 240, 200, 2900, S_CHL, 0, 1, 0},
    {"단체 도시락 10인분", 75000, 450, 380, 250, 5800, S_CHL, 0, 1, 0},
    {"떡 도시락", 5000, 200, 150, 50, 400, S_CHL, 0, 1, 0},
    {"반찬 정기배송 4주", 60000, 300, 240, 150, 2600, S_CHL, 0, 1, 0},
    S_SERVICE("행사 출장 케이터링 30인", 450000, 0),
};

static const durectl_demo_item_t s_household[] = {
    {"수제 천연비누", 5000, 90, 65, 35, 130, S_AMB, 0, 1, 0},
    {"천연비누 선물세트 3입", 14000, 200, 150, 45, 430, S_AMB, 0, 1, 0},
    {"천연 수세미 2입", 3000, 150, 100, 40, 60, S_AMB, 0, 1, 0},
    {"면 행주 3매", 6000, 200, 150, 30, 150, S_AMB, 0, 1, 0},
    {"대나무 칫솔 4입", 8000, 210, 80, 25, 80, S_AMB, 0, 1, 0},
    {"친환경 주방세제 1L", 9000, 100, 70, 250, 1100, S_AMB, 0, 1, 0},
    {"밀랍 랩 3종", 15000, 230, 160, 20, 120, S_AMB, 0, 1, 0},
    {"천연 염색 스카프", 35000, 250, 200, 30, 150, S_AMB, 0, 1, 0},
    {"분청 머그컵", 18000, 130, 110, 120, 450, S_AMB, 1, 1, 0},
    {"옹기 항아리 소", 45000, 280, 280, 320, 4200, S_AMB, 1, 1, 0},
    {"한지 무드등", 55000, 250, 250, 350, 900, S_AMB, 1, 1, 0},
    {"면 장바구니", 9000, 250, 200, 20, 110, S_AMB, 0, 1, 0},
    {"원목 도마", 28000, 400, 250, 30, 1300, S_AMB, 0, 1, 0},
    {"유기농 면 수건 2매", 15000, 250, 200, 50, 350, S_AMB, 0, 1, 0},
    {"소이 캔들 유리용기", 16000, 90, 90, 110, 420, S_AMB, 1, 1, 0},
};

static const durectl_demo_item_t s_education[] = {
    S_SERVICE("고추장 담그기 체험 1인", 20000, 0), S_SERVICE("천연 염색 체험 1인", 25000, 0),
    S_SERVICE("가족 농촌 체험 4인", 60000, 0),     S_SERVICE("도자기 만들기 체험 1인", 30000, 0),
    S_SERVICE("한지 공예 교실 4회", 80000, 0),     S_SERVICE("백제 역사 해설 투어 1인", 15000, 0),
    S_SERVICE("갯벌 생태 체험 1인", 15000, 0),     S_SERVICE("목공 교실 1일", 50000, 0),
    S_SERVICE("딸기 따기 체험 1인", 15000, 0),     S_SERVICE("청소년 진로 체험 10인", 150000, 0),
};

static const durectl_demo_item_t s_services[] = {
    S_SERVICE("사무실 청소 100㎡ 1회", 150000, 0), S_SERVICE("방역 소독 1회", 80000, 0),
    S_SERVICE("소규모 집수리 1회", 100000, 0),     S_SERVICE("행사 사진 촬영 반일", 200000, 0),
    S_SERVICE("이불 세탁 1채", 12000, 0),          S_SERVICE("도배 시공 1실", 250000, 0),
    S_SERVICE("이사 도움 반일", 180000, 0),        S_SERVICE("번역 A4 1매", 25000, 0),
    S_SERVICE("홈페이지 제작 기본형", 800000, 0),  S_SERVICE("컴퓨터 출장 수리", 30000, 0),
    S_SERVICE("정원 관리 1회", 120000, 0),         S_SERVICE("문서 스캔 100매", 20000, 0),
    S_SERVICE("현수막 디자인 1건", 50000, 0),
};

static const durectl_demo_item_t s_computer[] = {
    {"재생 토너 카트리지", 35000, 400, 150, 150, 1200, S_AMB, 0, 1, 0},
    {"재생 잉크 카트리지", 12000, 150, 100, 60, 150, S_AMB, 0, 1, 0},
    {"리퍼비시 모니터 24인치", 89000, 650, 450, 150, 5500, S_AMB, 1, 1, 0},
    {"리퍼비시 노트북", 250000, 450, 320, 90, 2800, S_AMB, 1, 1, 0},
    {"리퍼비시 데스크톱 PC", 180000, 450, 250, 450, 8000, S_AMB, 1, 1, 0},
    {"유선 키보드", 9000, 470, 180, 40, 650, S_AMB, 0, 1, 0},
    {"유선 마우스", 5000, 150, 100, 50, 120, S_AMB, 0, 1, 0},
    {"USB 메모리 32GB", 8000, 120, 80, 20, 30, S_AMB, 0, 1, 0},
    {"키보드 마우스 세트", 15000, 480, 200, 50, 800, S_AMB, 0, 1, 0},
};

/* Care by social enterprises is VAT-exempt, as the header comment says. */
static const durectl_demo_item_t s_care[] = {
    S_SERVICE("방문 돌봄 4시간", 48000, 1),      S_SERVICE("산모 신생아 돌봄 5일", 560000, 1),
    S_SERVICE("어르신 주간 돌봄 1일", 45000, 1), S_SERVICE("간병 24시간", 110000, 1),
    S_SERVICE("아이 돌봄 1시간", 11000, 1),      S_SERVICE("가사 지원 4시간", 50000, 1),
    S_SERVICE("병원 동행 반일", 30000, 1),
};

static const durectl_demo_maker_t s_rice_makers[] = {
    {"들녘 영농협동조합", S_COOP},
    {"두레쌀 마을기업", S_VILLAGE},
    {"친환경쌀 사회적협동조합", S_SOCOOP},
    {"황토쌀 농업회사", S_SOCIAL},
};
static const durectl_demo_maker_t s_produce_makers[] = {
    {"푸른들 꾸러미 협동조합", S_COOP}, {"딸기마을", S_VILLAGE},
    {"과수원 영농조합", S_VILLAGE},     {"로컬푸드 사회적협동조합", S_SOCOOP},
    {"농부장터 사회적기업", S_SOCIAL},
};
static const durectl_demo_maker_t s_meat_makers[] = {
    {"갯마을 어촌계 마을기업", S_VILLAGE},
    {"한우 협동조합", S_COOP},
    {"바다향 수산", S_SOCIAL},
};
static const durectl_demo_maker_t s_side_makers[] = {
    {"장 담그는 마을", S_VILLAGE},         {"엄마손 반찬 자활기업", S_SELF},
    {"전통장류 사회적기업", S_SOCIAL},     {"김치 협동조합", S_COOP},
    {"건강밥상 사회적협동조합", S_SOCOOP},
};
static const durectl_demo_maker_t s_processed_makers[] = {
    {"한과 마을기업", S_VILLAGE},      {"떡방앗간 자활기업", S_SELF},
    {"햇살식품 사회적기업", S_SOCIAL}, {"우리밀 협동조합", S_COOP},
    {"조청마을", S_VILLAGE},           {"수제잼 공방", S_PRELIM},
    {"호두과자 협동조합", S_COOP},     {"방앗간 사회적협동조합", S_SOCOOP},
    {"전통음료 연구소", S_PRELIM},     {"만두 자활기업", S_SELF},
};
static const durectl_demo_maker_t s_health_makers[] = {
    {"인삼 협동조합", S_COOP}, {"홍삼 사회적기업", S_SOCIAL}, {"구기자 마을", S_VILLAGE},
    {"약초농원", S_PRELIM},    {"양봉 협동조합", S_COOP},
};
static const durectl_demo_maker_t s_lunch_makers[] = {
    {"행복도시락 자활기업", S_SELF},
    {"나눔급식 사회적기업", S_SOCIAL},
    {"마을부엌 협동조합", S_COOP},
};
static const durectl_demo_maker_t s_household_makers[] = {
    {"천연비누 공방", S_PRELIM},        {"옹기마을", S_VILLAGE},
    {"리사이클 공방 자활기업", S_SELF}, {"한지공예 협동조합", S_COOP},
    {"목공 사회적협동조합", S_SOCOOP},  {"도예공방 사회적기업", S_SOCIAL},
    {"쪽빛 천연염색", S_PRELIM},
};
static const durectl_demo_maker_t s_education_makers[] = {
    {"농촌체험 마을", S_VILLAGE},           {"문화예술 협동조합", S_COOP},
    {"역사문화 해설 사회적기업", S_SOCIAL}, {"생태교육 사회적협동조합", S_SOCOOP},
    {"청소년 진로학교", S_PRELIM},
};
static const durectl_demo_maker_t s_services_makers[] = {
    {"클린 자활기업", S_SELF},   {"집수리 사회적협동조합", S_SOCOOP}, {"방역 자활기업", S_SELF},
    {"디자인 협동조합", S_COOP}, {"IT 사회적기업", S_SOCIAL},         {"세탁 자활기업", S_SELF},
};
static const durectl_demo_maker_t s_computer_makers[] = {
    {"컴퓨터 재생 사회적기업", S_SOCIAL},
};
static const durectl_demo_maker_t s_care_makers[] = {
    {"돌봄 사회적협동조합", S_SOCOOP},
};

static const char *const s_rice_regions[] = {"당진시", "아산시", "홍성군", "예산군", "서산시"};
static const char *const s_produce_regions[] = {"논산시", "부여군", "예산군",
                                                "공주시", "서산시", "천안시"};
static const char *const s_meat_regions[] = {"홍성군", "태안군", "보령시", "서천군", "서산시"};
static const char *const s_side_regions[] = {"청양군", "서산시", "예산군", "공주시", "논산시"};
static const char *const s_processed_regions[] = {"천안시", "공주시", "논산시", "부여군",
                                                  "아산시", "계룡시", "금산군", "당진시"};
static const char *const s_health_regions[] = {"금산군", "청양군", "부여군", "공주시"};
static const char *const s_lunch_regions[] = {"천안시", "아산시", "계룡시", "홍성군"};
static const char *const s_household_regions[] = {"공주시", "부여군", "천안시", "보령시", "서천군"};
static const char *const s_education_regions[] = {"부여군", "공주시", "태안군",
                                                  "보령시", "서천군", "청양군"};
static const char *const s_services_regions[] = {"천안시", "아산시", "서산시", "당진시", "논산시"};
static const char *const s_computer_regions[] = {"천안시"};
static const char *const s_care_regions[] = {"아산시"};

#define S_CATEGORY(code, items, makers, regions, shares, partners, carrier)                        \
    {                                                                                              \
        code, items, S_LEN(items), makers, S_LEN(makers), regions, S_LEN(regions), shares,         \
            partners, carrier                                                                      \
    }

/* The shares add up to 16, the overlap of the August 2018 table (71 memberships, 55 sellers):
   processed-food makers also sell health food, farms run the experiences, and so on. */
static const durectl_demo_category_t s_categories[] = {
    S_CATEGORY("rice_grains", s_rice, s_rice_makers, s_rice_regions, 0, "", NULL),
    S_CATEGORY("produce_boxes", s_produce, s_produce_makers, s_produce_regions, 2, "rice_grains",
               "cj"),
    S_CATEGORY("meat_seafood", s_meat, s_meat_makers, s_meat_regions, 0, "", "cj"),
    S_CATEGORY("side_dishes_sauces", s_side, s_side_makers, s_side_regions, 2,
               "processed_food|produce_boxes", "cj"),
    S_CATEGORY("processed_food", s_processed, s_processed_makers, s_processed_regions, 1,
               "produce_boxes|health_food", NULL),
    S_CATEGORY("health_food", s_health, s_health_makers, s_health_regions, 3, "processed_food",
               NULL),
    S_CATEGORY("lunch_catering", s_lunch, s_lunch_makers, s_lunch_regions, 2, "side_dishes_sauces",
               "cj"),
    S_CATEGORY("household_goods", s_household, s_household_makers, s_household_regions, 0, "",
               NULL),
    S_CATEGORY("education_culture", s_education, s_education_makers, s_education_regions, 4,
               "produce_boxes|rice_grains|household_goods", "epost"),
    S_CATEGORY("services", s_services, s_services_makers, s_services_regions, 2,
               "computer_peripherals|care_services|household_goods", "epost"),
    S_CATEGORY("computer_peripherals", s_computer, s_computer_makers, s_computer_regions, 0, "",
               "epost"),
    S_CATEGORY("care_services", s_care, s_care_makers, s_care_regions, 0, "", "epost"),
};

const durectl_demo_category_t *durectl_demo_category(const char *code)
{
    for (size_t i = 0; i < S_LEN(s_categories); i++)
        if (strcmp(s_categories[i].code, code) == 0)
            return &s_categories[i];
    return NULL;
}

/* 2015 five-digit postcodes: the first three digits are the city or county. */
static const struct {
    const char *region; /* city or county */
    const char *prefix; /* first three postcode digits */
} s_postcodes[] = {
    {"천안시", "311"}, {"공주시", "325"}, {"보령시", "334"}, {"아산시", "315"}, {"서산시", "319"},
    {"논산시", "329"}, {"계룡시", "328"}, {"당진시", "317"}, {"금산군", "327"}, {"부여군", "331"},
    {"서천군", "336"}, {"청양군", "333"}, {"홍성군", "322"}, {"예산군", "324"}, {"태안군", "321"},
};

const char *durectl_demo_postcode_prefix(const char *region)
{
    for (size_t i = 0; i < S_LEN(s_postcodes); i++)
        if (strcmp(s_postcodes[i].region, region) == 0)
            return s_postcodes[i].prefix;
    return NULL;
}

const char *const durectl_demo_roads[] = {"중앙로", "시장길", "농공단지길", "마을안길",
                                          "들말길", "충절로", "백제로",     "내포로"};
const size_t durectl_demo_n_roads = S_LEN(durectl_demo_roads);

const char *const durectl_demo_carriers[] = {"cj", "epost", "hanjin", "lotte", "logen"};
const size_t durectl_demo_n_carriers = S_LEN(durectl_demo_carriers);

/* Seollal 2026-02-17 and 2027-02-07, Chuseok 2026-09-25 and 2027-09-15 (KASI calendar): the
   sales end a few days before the holidays, when parcels stop being delivered in time. */
const durectl_demo_campaign_t durectl_demo_campaigns[] = {
    {"2026-seollal", "설 선물 기획전 (Lunar New Year sale)", "2026-01-26", "2026-02-12", 10,
     "rice_grains|meat_seafood|processed_food|health_food"},
    {"2026-family-month", "가정의 달 기획전 (Family Month)", "2026-05-01", "2026-05-31", 10,
     "health_food|household_goods|education_culture|care_services"},
    {"2026-health-food", "여름 건강식품전 (health food fair)", "2026-07-01", "2026-07-31", 15,
     "health_food"},
    {"2026-chuseok", "추석 선물 기획전 (Chuseok sale)", "2026-09-01", "2026-09-21", 10,
     "rice_grains|produce_boxes|meat_seafood|processed_food|health_food"},
    {"2026-kimjang", "김장 절임배추 판매전 (kimchi cabbage)", "2026-11-01", "2026-11-30", 5,
     "produce_boxes|side_dishes_sauces"},
    {"2027-seollal", "설 선물 기획전 (Lunar New Year sale)", "2027-01-18", "2027-02-03", 10,
     "rice_grains|meat_seafood|processed_food|health_food"},
    {"2027-family-month", "가정의 달 기획전 (Family Month)", "2027-05-01", "2027-05-31", 10,
     "health_food|household_goods|education_culture|care_services"},
    {"2027-health-food", "여름 건강식품전 (health food fair)", "2027-07-01", "2027-07-31", 15,
     "health_food"},
    {"2027-chuseok", "추석 선물 기획전 (Chuseok sale)", "2027-08-23", "2027-09-10", 10,
     "rice_grains|produce_boxes|meat_seafood|processed_food|health_food"},
    {"2027-kimjang", "김장 절임배추 판매전 (kimchi cabbage)", "2027-11-01", "2027-11-30", 5,
     "produce_boxes|side_dishes_sauces"},
};
const size_t durectl_demo_n_campaigns = S_LEN(durectl_demo_campaigns);
