"""Small word lists the rules engine reads: titles, organisation heads, outlets, places, first names.

They are short on purpose (a few hundred entries), cover English-language news, and are easy to
extend. Everything is a frozenset of lower-case strings unless noted.
"""

from __future__ import annotations

# Words that make a capitalised phrase a role rather than a name: "President", "High Commissioner".
TITLES = frozenset(
    """president vice-president president-elect sen senator rep representative gov governor mayor
    secretary minister chancellor commissioner ambassador envoy director chairman chairwoman chair
    chief leader speaker spokesman spokeswoman spokesperson general gen col lt adm admiral judge justice
    attorney dr prof professor mr mrs ms miss rev pope king queen prince princess sheikh ceo host
    nominee deputy assistant acting lady sir lord dame inspector officer sgt sergeant detective coach
    pastor bishop cardinal rabbi imam councilman councilwoman councilmember assemblyman assemblywoman
    congressman congresswoman delegate treasurer comptroller sheriff commander marshal premier emir
    candidate chairperson superintendent lawyer counsel adviser advisor aide strategist manager
    correspondent editor reporter columnist analyst economist founder captain maj cmdr supt hon
    commissioner secretary-general undersecretary under-secretary president-elect dean principal
    officer chancellor mr. mrs. ms. dr. sen. rep. gov. gen. lt. col. prof. rev. sgt. adm. capt.
    mp mep msp mla""".split()
)

# Titles that are honorifics only (not a role worth keeping) and carry gender.
HONORIFIC_GENDER = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "sir": "m",
    "lord": "m",
    "lady": "f",
    "dame": "f",
    "king": "m",
    "queen": "f",
    "prince": "m",
    "princess": "f",
    "congressman": "m",
    "congresswoman": "f",
    "spokesman": "m",
    "spokeswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "councilman": "m",
    "councilwoman": "f",
    "assemblyman": "m",
    "assemblywoman": "f",
}

# Heads of organisation names ("Department", "Party") and which actor type they make.
ORG_HEADS = {
    **dict.fromkeys(
        """department ministry administration office cabinet government pentagon kremlin embassy
        consulate secretariat treasury""".split(),
        "government",
    ),
    **dict.fromkeys(
        """agency committee commission council party university college institute center centre
        foundation association union court congress senate house assembly parliament bureau service
        corporation corp inc company co group bank fund organization organisation campaign coalition
        alliance federation board authority police army navy force forces guard cartel church club
        society league institution trust project movement caucus initiative school hospital fed
        nations reserve airlines industries partners llc ltd plc network energy motors systems
        technologies pharmaceuticals holdings capital foods media communications entertainment studios
        labs petroleum oil gas steel electric mining coal insurance sachs brothers records productions
        pictures films publishing airways""".split(),
        "organization",
    ),
}

# Well-known outlets (lower-case, without a leading "the") and the generic heads of outlet names.
MEDIA_NAMES = frozenset(
    n.strip()
    for n in """new york times|times|washington post|post|wall street journal|journal|
    associated press|ap|reuters|afp|agence france-presse|bloomberg|cnn|fox news|fox|msnbc|nbc|nbc news|
    abc|abc news|cbs|cbs news|npr|bbc|guardian|politico|axios|hill|breitbart|breitbart news|usa today|
    los angeles times|daily beast|huffpost|huffington post|vox|buzzfeed|buzzfeed news|newsweek|
    atlantic|new yorker|financial times|economist|daily mail|telegraph|new york post|daily caller|
    washington times|washington examiner|national review|zero hedge|politifact|yahoo news|al jazeera|
    le monde|der spiegel|el país|tass|ria novosti|xinhua|sputnik|rt|univision|telemundo|upi|intercept|
    propublica|mother jones|slate|salon|vice|vice news|blaze|infowars|drudge report|daily wire|pbs|
    c-span|cnbc|forbes|business insider|rolling stone|weekly standard|newsmax|oann|fivethirtyeight|
    chicago tribune|boston globe|miami herald|detroit free press|houston chronicle|dallas morning news|
    arizona republic|san francisco chronicle|denver post|seattle times|the new york times|
    daily telegraph|sunday times|observer|mirror|sun|express|evening standard|south china morning post|
    global times|kyodo|yonhap|efe|dpa|ansa|anadolu|interfax|the associated press|the washington post|
    reason|the federalist|federalist|the daily signal|daily signal|townhall|redstate|raw story|
    talking points memo|think progress|thinkprogress|the week|week|mediaite|deadline|variety|
    hollywood reporter|the hollywood reporter|people|us weekly|tmz|variety|the new republic|
    new republic|the nation|nation|twitter|facebook|youtube|instagram""".split("|")
)
MEDIA_HEADS = frozenset(
    """times post journal herald tribune gazette chronicle examiner news daily observer inquirer
    globe star sun record register dispatch bulletin courier press magazine radio tv television
    network wire telegraph mail express mirror review""".split()
)

# Companies often named alone ("Microsoft declined to comment"), so never taken for a person.
COMPANY_NAMES = frozenset(
    """apple google alphabet amazon microsoft meta facebook tesla boeing airbus walmart exxon
    exxonmobil chevron pfizer moderna astrazeneca netflix uber lyft airbnb intel nvidia samsung sony
    toyota volkswagen nissan bp totalenergies aramco gazprom huawei tiktok bytedance alibaba
    tencent openai anthropic spacex starbucks mcdonald's nestlé nestle siemens unilever glencore
    barclays hsbc citigroup jpmorgan paypal oracle ibm cisco qualcomm verizon comcast vodafone""".split()
)

# Nouns that name a document when they head the source: "the report said", "a study found".
DOCUMENT_NOUNS = frozenset(
    """report study survey poll analysis review statement letter memo memorandum filing complaint
    lawsuit indictment ruling decision transcript document documents data figures estimate estimates
    audit investigation assessment paper brief release order tweet post email emails cable cables
    records research findings resolution affidavit testimony proposal plan bill budget averages polls
    polling statistics slide slides chart graph map numbers forecast projections projection""".split()
)

# Nouns for anonymous sources ("a source familiar with", "officials who asked not to be named").
ANONYMOUS_NOUNS = frozenset(
    """source sources official officials aide aides person people insider insiders staffer staffers
    adviser advisers advisor advisors diplomat diplomats spokesman spokeswoman spokesperson
    operative operatives investigator investigators""".split()
)

# Nouns for vague, unspecified groups ("critics say", "experts say", "many believe").
VAGUE_NOUNS = frozenset(
    """critics experts observers analysts supporters opponents detractors skeptics sceptics
    commentators pundits some many others most few everyone everybody someone somebody people
    residents voters americans activists scholars economists conservatives liberals democrats
    republicans progressives""".split()
)

PRONOUNS_MALE = frozenset({"he", "him", "his", "himself"})
PRONOUNS_FEMALE = frozenset({"she", "her", "hers", "herself"})
PRONOUNS_PLURAL = frozenset({"they", "them", "their", "themselves"})
PRONOUNS_IT = frozenset({"it", "its"})
PRONOUNS_FIRST = frozenset({"i", "we", "me", "us", "my", "our"})
PRONOUNS = PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_PLURAL | PRONOUNS_IT | PRONOUNS_FIRST | {"who", "which"}

# Capitalised words that begin sentences or sit in names but are not names.
NOT_NAMES = frozenset(
    """the a an in on at but and as if when while since after before last this that these those it
    he she they we i his her their our its such many some most according yet so also still however
    meanwhile there here what why how who where which whether although though because despite
    during under over with without for from to of by into than then now today tonight tomorrow
    yesterday monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec mr mrs ms dr my your you me us no not all both each every other another any more
    less much one two three four five six seven eight nine ten first second third read click
    follow please photo image video watch listen sign subscribe advertisement related share updated
    even just only like unlike instead rather perhaps maybe indeed meanwhile overall earlier later
    then next finally once again already do does did is are was were be been has have had will would
    can could should must might shall let ok okay yes well oh former current""".split()
)

# Countries, regions and big cities, so that "Venezuela said" is a government, never a person.
PLACES = frozenset(
    line.strip().lower()
    for line in """Afghanistan|Albania|Algeria|Angola|Argentina|Armenia|Australia|
    Austria|Azerbaijan|Bahrain|Bangladesh|Belarus|Belgium|Bolivia|Bosnia|Brazil|Britain|Bulgaria|
    Burma|Cambodia|Cameroon|Canada|Chile|China|Colombia|Congo|Costa Rica|Croatia|Cuba|Cyprus|
    Czech Republic|Denmark|Ecuador|Egypt|El Salvador|England|Eritrea|Estonia|Ethiopia|Europe|Finland|
    France|Georgia|Germany|Ghana|Greece|Guatemala|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|
    Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Korea|North Korea|South Korea|
    Kosovo|Kuwait|Latvia|Lebanon|Libya|Lithuania|Luxembourg|Malaysia|Mali|Mexico|Moldova|Mongolia|
    Morocco|Myanmar|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|Norway|Oman|Pakistan|
    Palestine|Panama|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|
    Saudi Arabia|Scotland|Serbia|Singapore|Slovakia|Slovenia|Somalia|South Africa|Spain|Sri Lanka|
    Sudan|Sweden|Switzerland|Syria|Taiwan|Tanzania|Thailand|Tunisia|Turkey|Uganda|Ukraine|
    United Arab Emirates|United Kingdom|United States|America|U.S.|US|U.K.|UK|Uruguay|Uzbekistan|
    Venezuela|Vietnam|Wales|Yemen|Zambia|Zimbabwe|Africa|Asia|Latin America|Middle East|Gaza|
    West Bank|Crimea|Hong Kong|Washington|Moscow|Beijing|London|Paris|Berlin|Caracas|Havana|Tehran|
    Brussels|Kiev|Kyiv|Jerusalem|Tokyo|Seoul|Pyongyang|Baghdad|Damascus|Kabul|Cairo|Istanbul|Ankara|
    New York|Los Angeles|Chicago|Houston|Philadelphia|Phoenix|San Francisco|Boston|Miami|Atlanta|
    Detroit|Seattle|Denver|Dallas|Cleveland|Charlotte|Baltimore|Tulsa|Ohio|Texas|Florida|California|
    Iowa|Nevada|Arizona|Michigan|Wisconsin|Pennsylvania|Virginia|North Carolina|South Carolina|
    New Hampshire|Colorado|Utah|Alabama|Alaska|Arkansas|Connecticut|Delaware|Hawaii|Idaho|Illinois|
    Indiana|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Minnesota|Mississippi|Missouri|
    Montana|Nebraska|New Jersey|New Mexico|North Dakota|Oklahoma|Oregon|Rhode Island|South Dakota|
    Tennessee|Vermont|West Virginia|Wyoming|Manhattan|Brooklyn|Queens|Bronx|Hofstra|Ground Zero""".split("|")
)

# Names given to both men and women are left out of both lists (their gender stays unknown).
UNISEX_NAMES = frozenset(
    "terry jordan kelly taylor jean kim chris pat dana jamie robin lee leslie tracy casey morgan sandy "
    "alexis jesse ashley".split()
)
FEMALE_NAMES = (
    frozenset(
        """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah
    stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole
    helen samantha katherine christine debra rachel carolyn janet catherine maria heather diane ruth
    julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea
    cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean
    abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa
    diana natalie brittany charlotte marie kayla alexis lori hillary chelsea nancy elizabeth kamala
    sarah ivanka melania nikki kellyanne hope huma ruth sonia elena condoleezza madeleine theresa
    angela marine christine federica ursula jacinda golda indira benazir aung michele melanie
    loretta debbie donna tulsi alexandria ilhan rashida ayanna liz susan lisa dianne maxine nancy
    kirsten amy tammy jeanne heidi claire patty betsy kellyanne sheryl oprah beyonce taylor ava
    mariah jill tipper laura barbara rosalynn eleanor jacqueline""".split()
    )
    - UNISEX_NAMES
)
MALE_NAMES = (
    frozenset(
        """james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald
    edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon
    benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam
    nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry
    gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel
    logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason
    philip louis barack bill mike mitch ted marco jeb bernie chris rand lindsey newt rudy reince
    rex elliott nicolas nicolás juan diosdado vladimir xi kim emmanuel boris justin benjamin bibi
    recep hassan ali mohammed muhammad ahmed abdul jim tim tom bob dan steve ben ken joe rick
    chuck harry al jimmy ronald gerald lyndon dwight franklin herbert woodrow theodore abraham
    hugo fidel raul raúl evo luiz jair andres andrés enrique felipe pedro carlos luis jorge miguel
    antonio francisco manuel alejandro sergei dmitry sergey angela jean-claude jean pierre jacques
    francois françois nicolas olaf gerhard helmut tony gordon david theresa boris keir nigel""".split()
    )
    - FEMALE_NAMES
    - UNISEX_NAMES
)

# Terms with a judgement built in, flagged when the outlet uses them in its own voice. Each maps to
# a neutral note: what the word does, not whether it is true.
LOADED_TERMS: dict[str, str] = {
    "dictator": "labels a leader as ruling without legitimacy; a judgement, not a neutral title",
    "dictatorship": "labels a government as illegitimate rule; a judgement rather than a description",
    "regime": "presents a government as illegitimate; neutral usage would be 'government'",
    "strongman": "characterises a leader's rule; a judgement rather than a title",
    "tyrant": "a condemnatory label for a ruler",
    "despot": "a condemnatory label for a ruler",
    "thug": "a derogatory label for a person",
    "thugs": "a derogatory label for people",
    "puppet": "presents an actor as controlled by another; a judgement",
    "junta": "labels a government as a military clique; often a judgement",
    "terrorist": "a contested label; who applies it matters",
    "terrorists": "a contested label; who applies it matters",
    "extremist": "a contested label for a person or view",
    "extremists": "a contested label for people or views",
    "radical": "a characterisation of a person or view",
    "far-left": "a placement on the political spectrum made by the outlet",
    "far-right": "a placement on the political spectrum made by the outlet",
    "so-called": "distances the outlet from a name or claim",
    "propaganda": "characterises communication as manipulative",
    "illegal aliens": "a contested term for undocumented immigrants",
    "illegals": "a derogatory term for undocumented immigrants",
    "slammed": "a dramatising verb for criticism",
    "blasted": "a dramatising verb for criticism",
    "destroyed": "a dramatising verb when used of an argument or a person",
    "notorious": "an evaluative adjective",
    "infamous": "an evaluative adjective",
    "disgraced": "an evaluative adjective",
    "embattled": "an evaluative adjective",
    "impunity": "presupposes that wrongdoing went unpunished",
    "mob": "a pejorative word for a crowd",
    "hardline": "a characterisation of a stance",
    "hard-line": "a characterisation of a stance",
    "socialist": "a political label; loaded when used as a characterisation rather than a party name",
    "communist": "a political label; loaded when used as a characterisation rather than a party name",
    "successfully": "an evaluative adverb in the outlet's own voice",
}
