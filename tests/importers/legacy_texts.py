"""News-like paragraphs in languages whose texts are often saved in legacy encodings.

Written for these tests (no third-party text). Each is a few sentences long, as an article's
opening is: encoding detectors need a paragraph or two to tell similar code pages apart.
"""

from __future__ import annotations

# (language, text, the legacy encoding such text is typically saved in)
LEGACY = [
    (
        "Russian",
        (
            "Иран поставил России партию баллистических ракет малой дальности, сообщили в "
            "понедельник источники в западных спецслужбах. "
            "Москва и Тегеран отрицают эти сведения.\n\n"
            "По данным источников, речь идёт о нескольких сотнях ракет, которые могут быть "
            "использованы уже в ближайшие недели. Министры иностранных дел стран Группы семи "
            "пригрозили новыми санкциями и призвали Иран прекратить военное сотрудничество.\n\n"
            "Представитель МИД Ирана заявил, что обвинения не имеют под собой оснований."
        ),
        "cp1251",
    ),
    (
        "Russian",
        (
            "Правительство объявило о новых мерах поддержки экономики после введения санкций. "
            "Центральный банк сохранил ключевую ставку, а министерство финансов пообещало "
            "увеличить расходы на оборону и социальные программы.\n\n"
            "Эксперты считают, что торговля с Ираном и Китаем будет расти, хотя расчёты в "
            "национальных валютах пока остаются сложными для банков обеих стран."
        ),
        "koi8_r",
    ),
    (
        "Arabic",
        (
            "حذرت مجموعة الدول السبع الكبرى إيران من تزويد روسيا بصواريخ باليستية، وقالت إن "
            "ذلك سيشكل تصعيدا خطيرا يهدد الأمن الأوروبي. ونفت طهران هذه الاتهامات بشدة.\n\n"
            "وقال دبلوماسيون إن الدول الغربية تدرس فرض عقوبات جديدة على شركات الطيران "
            "والشحن الإيرانية، في حين دعت الأمم المتحدة إلى ضبط النفس."
        ),
        "cp1256",
    ),
    (
        "Persian",
        (
            "گروه هفت به ايران درباره ارسال موشك هاي بالستيك به روسيه هشدار داد و گفت اين "
            "اقدام تهديدي جدي براي امنيت اروپا خواهد بود. تهران اين اتهام را رد كرده است.\n\n"
            "سخنگوي وزارت خارجه گفت كه هيچ موشكي به روسيه ارسال نشده و اين ادعاها بي اساس "
            "است. كارشناسان مي گويند روابط اقتصادي دو كشور در سال گذشته گسترش يافته است."
        ),
        "cp1256",
    ),
    (
        "Polish",
        (
            "Przywódcy państw grupy G7 ostrzegli Iran przed dostarczaniem Rosji pocisków "
            "balistycznych. Teheran zaprzecza, że przekazał broń, ale zachodnie rządy zapowiadają "
            "nowe sankcje wobec irańskich linii lotniczych i firm żeglugowych.\n\n"
            "Według źródeł wywiadowczych rakiety krótkiego zasięgu mogą trafić na front jeszcze w "
            "tym miesiącu. Ministerstwo spraw zagranicznych wezwało ambasadora na rozmowę."
        ),
        "cp1250",
    ),
    (
        "Czech",
        (
            "Lídři skupiny G7 varovali Írán před dodávkami balistických raket Rusku. Teherán "
            "obvinění popírá, ale západní země hrozí novými sankcemi vůči íránským leteckým a "
            "lodním společnostem.\n\n"
            "Podle zpravodajských zdrojů by střely krátkého doletu mohly dorazit na frontu ještě "
            "tento měsíc. Ministerstvo zahraničí si kvůli tomu předvolalo velvyslance."
        ),
        "cp1250",
    ),
    (
        "Japanese",
        (
            "主要7カ国（G7）は、イランがロシアに弾道ミサイルを供与しないよう強く警告した。"
            "イラン政府は供与を否定しているが、欧米各国は新たな制裁を検討している。\n\n"
            "関係者によると、短距離ミサイル数百発が数週間以内に前線で使われる可能性がある。"
            "外務省は大使を呼び、説明を求めた。"
        ),
        "shift_jis",
    ),
    (
        "English",
        (
            "Leaders of the Group of Seven issued a warning to Iran against supplying Russia "
            "with ballistic missiles – a move they said would be a “significant escalation”.\n\n"
            "Iran’s foreign ministry denied the reports, calling them “baseless”; officials in "
            "Brussels said new sanctions on Iran’s airline and shipping firms were being weighed. "
            "The café owners of Tehran’s old bazaar, one naïve observer noted, cared more about "
            "the rial than about missiles: a dollar now costs 600,000 rials, up 40 %."
        ),
        "cp1252",
    ),
]
