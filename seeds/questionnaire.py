"""The demo campaign's questionnaire, version 1. Staff change it in the admin, not here."""

WEEKDAY_HELP = (
    "Add each window you can stream in, in China time.",
    "请填写您可以直播的时间段（北京时间）。",
)

QUESTIONS = [
    {
        "key": "weekly_events",
        "kind": "number",
        "label_en": "How many live events a week can you do?",
        "label_zh": "您每周可以做几场直播？",
        "help_en": "The campaign asks for at least two a week during the sales window.",
        "help_zh": "大促期间每周至少两场。",
        "min_value": 1,
        "max_value": 14,
    },
    {
        "key": "availability",
        "kind": "weekly_availability",
        "label_en": "On which weekdays and at what times are you available?",
        "label_zh": "您每周哪几天、哪些时段有空？",
        "help_en": WEEKDAY_HELP[0],
        "help_zh": WEEKDAY_HELP[1],
        "min_value": 1,
    },
    {
        "key": "commitment_weeks",
        "kind": "number",
        "label_en": "For how many weeks can you commit?",
        "label_zh": "您可以坚持多少周？",
        "min_value": 1,
        "max_value": 52,
    },
    {
        "key": "product_categories",
        "kind": "multiple_choice",
        "label_en": "Which product categories will you sell?",
        "label_zh": "您将销售哪些品类？",
        "min_value": 1,
        "max_value": 5,
        "choices": [
            {"value": "beauty", "en": "Beauty and personal care", "zh": "美妆个护"},
            {"value": "fashion", "en": "Fashion", "zh": "服饰"},
            {"value": "food", "en": "Food and drink", "zh": "食品饮料"},
            {"value": "fresh", "en": "Fresh produce", "zh": "生鲜农产品"},
            {"value": "home", "en": "Home goods", "zh": "家居"},
            {"value": "electronics", "en": "Electronics", "zh": "数码家电"},
            {"value": "health", "en": "Health", "zh": "健康保健"},
            {"value": "other", "en": "Other", "zh": "其他"},
        ],
    },
    {
        "key": "main_goal",
        "kind": "single_choice",
        "label_en": "What do you most want from live selling?",
        "label_zh": "您最希望通过直播带货获得什么？",
        "choices": [
            {"value": "sales", "en": "More sales", "zh": "提升销量"},
            {"value": "brand", "en": "Brand awareness", "zh": "品牌曝光"},
            {"value": "customers", "en": "Closer to customers", "zh": "贴近消费者"},
            {"value": "new_product", "en": "Launch a new product", "zh": "新品发布"},
        ],
    },
    {
        "key": "needs_logistics",
        "kind": "yes_no",
        "label_en": "Do you need logistics support to send product samples to the studio?",
        "label_zh": "您是否需要物流支持将样品寄送到直播间？",
    },
    {
        "key": "sample_volume",
        "kind": "single_choice",
        "label_en": "How much do your samples weigh in all?",
        "label_zh": "样品总重量大约是多少？",
        "show_if_key": "needs_logistics",
        "show_if_values": [True],
        "choices": [
            {"value": "small", "en": "Under 5 kg", "zh": "5 公斤以下"},
            {"value": "medium", "en": "5 to 30 kg", "zh": "5 至 30 公斤"},
            {"value": "large", "en": "Over 30 kg", "zh": "30 公斤以上"},
        ],
    },
    {
        "key": "pickup_address",
        "kind": "text",
        "label_en": "Where should we collect the samples?",
        "label_zh": "样品取件地址",
        "show_if_key": "needs_logistics",
        "show_if_values": [True],
        "max_length": 300,
    },
    {
        "key": "anything_else",
        "kind": "text",
        "label_en": "Anything else we should know?",
        "label_zh": "还有什么需要告诉我们的吗？",
        "required": False,
        "max_length": 1000,
    },
]

CONSENT_EN = (
    "I agree that the platform processes the personal data in this application (name, contact "
    "details, company and social accounts) to assess it and to organise training and shows. "
    "I can ask for my data to be exported or erased at any time."
)
CONSENT_ZH = (
    "本人同意平台为审核申请、安排培训和直播而处理本申请中的个人信息（姓名、联系方式、公司及社交账号）。"
    "本人可随时要求导出或删除本人的数据。"
)
