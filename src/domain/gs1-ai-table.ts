/**
 * The GS1 Application Identifier table: format, predefined length, exclusive pairs and Digital Link keys of
 * every AI that the parser accepts.
 *
 * Written from the GS1 General Specifications' AI table as published in machine-readable form by the GS1
 * Barcode Syntax Dictionary (gs1/gs1-syntax-dictionary, 2025 edition), in our own compact notation below.
 * Content checks ("linters") that Lotbook needs are implemented: check digits, dates, times and the ISO 3166
 * numeric country codes of 421-426 (origin and processing countries land in the Lots table). The others
 * (ISO 3166 alpha-2 and currency codes, IBAN, coupon structure, percent-encoding inside 43xx...) are not: such
 * values are still checked for length and character set.
 *
 * "Mandatory association" rules (`req=`, e.g. AI 10 needs a GTIN) are deliberately not part of this table:
 * the GS1 rules say they apply to the combined data of all carriers on one item, and a pack with the GTIN in
 * an EAN-13 and the lot and expiry in a separate GS1-128 is normal. Exclusive pairs (`ex=`) are kept: they are
 * wrong within a single scan.
 */

/** N: digits; X: GS1 AI encodable character set 82; Y: character set 39; Z: base64url (set 64). */
export type Gs1Cset = 'N' | 'X' | 'Y' | 'Z';

/** Content checks that the parser performs on a component. */
export type Gs1Linter = 'csum' | 'yymmd0' | 'yymmdd' | 'yyyymmdd' | 'hhmi' | 'hh' | 'mi' | 'ss' | 'iso3166';

export interface Gs1Component {
  readonly cset: Gs1Cset;
  readonly min: number;
  readonly max: number;
  /** Only trailing components are optional; they may be left out once the data is used up. */
  readonly optional: boolean;
  readonly linters: readonly Gs1Linter[];
}

export interface Gs1AiDefinition {
  readonly ai: string;
  readonly title: string;
  /** Predefined length (prefixes 00-04, 11-20, 31-36, 41): no FNC1 is needed after it. */
  readonly predefinedLength: boolean;
  readonly components: readonly Gs1Component[];
  readonly minLength: number;
  readonly maxLength: number;
  /** For 31nn-36nn and 390n-395n: the last digit of the AI is the number of implied decimals. */
  readonly decimals?: number;
  /** AIs or patterns (`310n`, `31nn`) that may not appear in the same data. */
  readonly excludes: readonly string[];
  /**
   * Present when the AI is a GS1 Digital Link primary key: each alternative lists the key qualifiers that may
   * follow it in the URI path, in the order they must appear (e.g. 01 → [22, 10, 21] or [235]).
   */
  readonly dlQualifiers?: readonly (readonly string[])[];
}

// One line per AI or range: AI(s), flag (* = predefined length, - = needs FNC1 when not last), components,
// then `ex=` (exclusive AIs or patterns) and `dl=` (Digital Link primary key with qualifier sequences,
// alternatives separated by |; `dl=` alone means no qualifiers), then the title after #.
const TABLE = `
00        * N18,csum                       dl=                  # SSCC
01        * N14,csum                       ex=255,37 dl=22,10,21|235 # GTIN
02        * N14,csum                       ex=01,03             # CONTENT
03        * N14,csum                       ex=01,02,37          # MTO GTIN
10        - X..20                                               # BATCH/LOT
11        * N6,yymmd0                                           # PROD DATE
12        * N6,yymmd0                                           # DUE DATE
13        * N6,yymmd0                                           # PACK DATE
15        * N6,yymmd0                                           # BEST BEFORE or BEST BY
16        * N6,yymmd0                                           # SELL BY
17        * N6,yymmd0                                           # USE BY or EXPIRY
20        * N2                                                  # VARIANT
21        - X..20                          ex=235               # SERIAL
22        - X..20                                               # CPV
235       - X..28                          ex=21                # TPX
240       - X..30                                               # ADDITIONAL ID
241       - X..30                                               # CUST. PART No.
242       - N..6                                                # MTO VARIANT
243       - X..20                                               # PCN
250       - X..30                                               # SECONDARY SERIAL
251       - X..30                                               # REF. TO SOURCE
253       - N13,csum [X..17]               dl=                  # GDTI
254       - X..20                                               # GLN EXTENSION COMPONENT
255       - N13,csum [N..12]               ex=01,02,415,8006,8020,8026 dl= # GCN
30        - N..8                                                # VAR. COUNT
3100-3105 * N6                             ex=310n              # NET WEIGHT (kg)
3110-3115 * N6                             ex=311n              # LENGTH (m)
3120-3125 * N6                             ex=312n              # WIDTH (m)
3130-3135 * N6                             ex=313n              # HEIGHT (m)
3140-3145 * N6                             ex=314n              # AREA (m²)
3150-3155 * N6                             ex=315n              # NET VOLUME (l)
3160-3165 * N6                             ex=316n              # NET VOLUME (m³)
3200-3205 * N6                             ex=320n              # NET WEIGHT (lb)
3210-3215 * N6                             ex=321n              # LENGTH (in)
3220-3225 * N6                             ex=322n              # LENGTH (ft)
3230-3235 * N6                             ex=323n              # LENGTH (yd)
3240-3245 * N6                             ex=324n              # WIDTH (in)
3250-3255 * N6                             ex=325n              # WIDTH (ft)
3260-3265 * N6                             ex=326n              # WIDTH (yd)
3270-3275 * N6                             ex=327n              # HEIGHT (in)
3280-3285 * N6                             ex=328n              # HEIGHT (ft)
3290-3295 * N6                             ex=329n              # HEIGHT (yd)
3300-3305 * N6                             ex=330n              # GROSS WEIGHT (kg)
3310-3315 * N6                             ex=331n              # LENGTH (m), log
3320-3325 * N6                             ex=332n              # WIDTH (m), log
3330-3335 * N6                             ex=333n              # HEIGHT (m), log
3340-3345 * N6                             ex=334n              # AREA (m²), log
3350-3355 * N6                             ex=335n              # VOLUME (l), log
3360-3365 * N6                             ex=336n              # VOLUME (m³), log
3370-3375 * N6                             ex=337n              # KG PER m²
3400-3405 * N6                             ex=340n              # GROSS WEIGHT (lb)
3410-3415 * N6                             ex=341n              # LENGTH (in), log
3420-3425 * N6                             ex=342n              # LENGTH (ft), log
3430-3435 * N6                             ex=343n              # LENGTH (yd), log
3440-3445 * N6                             ex=344n              # WIDTH (in), log
3450-3455 * N6                             ex=345n              # WIDTH (ft), log
3460-3465 * N6                             ex=346n              # WIDTH (yd), log
3470-3475 * N6                             ex=347n              # HEIGHT (in), log
3480-3485 * N6                             ex=348n              # HEIGHT (ft), log
3490-3495 * N6                             ex=349n              # HEIGHT (yd), log
3500-3505 * N6                             ex=350n              # AREA (in²)
3510-3515 * N6                             ex=351n              # AREA (ft²)
3520-3525 * N6                             ex=352n              # AREA (yd²)
3530-3535 * N6                             ex=353n              # AREA (in²), log
3540-3545 * N6                             ex=354n              # AREA (ft²), log
3550-3555 * N6                             ex=355n              # AREA (yd²), log
3560-3565 * N6                             ex=356n              # NET WEIGHT (t oz)
3570-3575 * N6                             ex=357n              # NET VOLUME (oz)
3600-3605 * N6                             ex=360n              # NET VOLUME (qt)
3610-3615 * N6                             ex=361n              # NET VOLUME (gal.)
3620-3625 * N6                             ex=362n              # VOLUME (qt), log
3630-3635 * N6                             ex=363n              # VOLUME (gal.), log
3640-3645 * N6                             ex=364n              # VOLUME (in³)
3650-3655 * N6                             ex=365n              # VOLUME (ft³)
3660-3665 * N6                             ex=366n              # VOLUME (yd³)
3670-3675 * N6                             ex=367n              # VOLUME (in³), log
3680-3685 * N6                             ex=368n              # VOLUME (ft³), log
3690-3695 * N6                             ex=369n              # VOLUME (yd³), log
37        - N..8                           ex=01,03             # COUNT
3900-3909 - N..15                          ex=390n,391n,394n,8111 # AMOUNT
3910-3919 - N3 N..15                       ex=391n,390n         # AMOUNT
3920-3929 - N..15                          ex=392n,393n         # PRICE
3930-3939 - N3 N..15                       ex=393n,392n         # PRICE
3940-3943 - N4                             ex=394n,8111,390n    # PRCNT OFF
3950-3955 - N6                             ex=392n,393n,395n,8005 # PRICE/UoM
400       - X..30                                               # ORDER NUMBER
401       - X..30                          dl=                  # GINC
402       - N17,csum                       dl=                  # GSIN
403       - X..30                                               # ROUTE
410       * N13,csum                                            # SHIP TO LOC
411       * N13,csum                                            # BILL TO
412       * N13,csum                                            # PURCHASE FROM
413       * N13,csum                                            # SHIP FOR LOC
414       * N13,csum                       dl=254|7040          # LOC No.
415       * N13,csum                       dl=8020              # PAY TO
416       * N13,csum                                            # PROD/SERV LOC
417       * N13,csum                       dl=7040              # PARTY
420       - X..20                          ex=421               # SHIP TO POST
421       - N3,iso3166 X..9                ex=420,4307          # SHIP TO POST
422       - N3,iso3166                     ex=426               # ORIGIN
423       - N3,iso3166 [N3,iso3166] [N3,iso3166] [N3,iso3166] [N3,iso3166] ex=426               # COUNTRY - INITIAL PROCESS
424       - N3,iso3166                     ex=426               # COUNTRY - PROCESS
425       - N3,iso3166 [N3,iso3166] [N3,iso3166] [N3,iso3166] [N3,iso3166] ex=426               # COUNTRY - DISASSEMBLY
426       - N3,iso3166                     ex=422,423,424,425   # COUNTRY - FULL PROCESS
427       - X..3                                                # ORIGIN SUBDIVISION
4300      - X..35                                               # SHIP TO COMP
4301      - X..35                                               # SHIP TO NAME
4302      - X..70                                               # SHIP TO ADD1
4303      - X..70                                               # SHIP TO ADD2
4304      - X..70                                               # SHIP TO SUB
4305      - X..70                                               # SHIP TO LOC
4306      - X..70                                               # SHIP TO REG
4307      - X2                             ex=421               # SHIP TO COUNTRY
4308      - X..30                                               # SHIP TO PHONE
4309      - N10 N10                                             # SHIP TO GEO
4310      - X..35                                               # RTN TO COMP
4311      - X..35                                               # RTN TO NAME
4312      - X..70                                               # RTN TO ADD1
4313      - X..70                                               # RTN TO ADD2
4314      - X..70                                               # RTN TO SUB
4315      - X..70                                               # RTN TO LOC
4316      - X..70                                               # RTN TO REG
4317      - X2                                                  # RTN TO COUNTRY
4318      - X..20                                               # RTN TO POST
4319      - X..30                                               # RTN TO PHONE
4320      - X..35                                               # SRV DESCRIPTION
4321      - N1                                                  # DANGEROUS GOODS
4322      - N1                                                  # AUTH TO LEAVE
4323      - N1                                                  # SIG REQUIRED
4324      - N6,yymmd0 N4,hhmi                                   # NOT BEF DEL DT
4325      - N6,yymmd0 N4,hhmi                                   # NOT AFT DEL DT
4326      - N6,yymmdd                                           # REL DATE
4330      - N6 [X1]                        ex=4331              # MAX TEMP F.
4331      - N6 [X1]                        ex=4330              # MAX TEMP C.
4332      - N6 [X1]                        ex=4333              # MIN TEMP F.
4333      - N6 [X1]                        ex=4332              # MIN TEMP C.
7001      - N13                                                 # NSN
7002      - X..30                                               # MEAT CUT
7003      - N6,yymmdd N4,hhmi                                   # EXPIRY TIME
7004      - N..4                                                # ACTIVE POTENCY
7005      - X..12                                               # CATCH AREA
7006      - N6,yymmdd                                           # FIRST FREEZE DATE
7007      - N6,yymmdd [N6,yymmdd]                               # HARVEST DATE
7008      - X..3                                                # AQUATIC SPECIES
7009      - X..10                                               # FISHING GEAR TYPE
7010      - X..2                                                # PROD METHOD
7011      - N6,yymmdd [N4,hhmi]                                 # TEST BY DATE
7020      - X..20                                               # REFURB LOT
7021      - X..20                                               # FUNC STAT
7022      - X..20                                               # REV STAT
7023      - X..30                                               # GIAI - ASSEMBLY
7030-7039 - N3 X..27                                            # PROCESSOR
7040      - N1 X1 X1 X1                                         # UIC+EXT
7041      - X..4                                                # UFRGT UNIT TYPE
710-716   - X..20                                               # NHRN
7230-7239 - X2 X..28                                            # CERT
7240      - X..20                                               # PROTOCOL
7241      - N2                                                  # AIDC MEDIA TYPE
7242      - X..25                                               # VCN
7250      - N8,yyyymmdd                    ex=7251              # DOB
7251      - N8,yyyymmdd N4,hhmi            ex=7250              # DOB TIME
7252      - N1                                                  # BIO SEX
7253      - X..40                          ex=7256,7259         # FAMILY NAME
7254      - X..40                          ex=7256,7259         # GIVEN NAME
7255      - X..10                          ex=7256,7259         # SUFFIX
7256      - X..90                                               # FULL NAME
7257      - X..70                                               # PERSON ADDR
7258      - X3                                                  # BIRTH SEQUENCE
7259      - X..40                          ex=7256              # BABY
8001      - N4 N5 N3 N1 N1                                      # DIMENSIONS
8002      - X..20                                               # CMT No.
8003      - N1 N13,csum [X..16]            dl=                  # GRAI
8004      - X..30                          dl=7040              # GIAI
8005      - N6                                                  # PRICE PER UNIT
8006      - N14,csum N4                    ex=01,37 dl=22,10,21 # ITIP
8007      - X..34                                               # IBAN
8008      - N6,yymmdd N2,hh [N2,mi] [N2,ss]                     # PROD TIME
8009      - X..50                                               # OPTSEN
8010      - Y..30                          dl=8011              # CPID
8011      - N..12                                               # CPID SERIAL
8012      - X..20                                               # VERSION
8013      - X..25                          dl=                  # GMN
8014      - X..25                                               # MUDI
8017      - N18,csum                       ex=8018 dl=8019      # GSRN - PROVIDER
8018      - N18,csum                       ex=8017 dl=8019      # GSRN - RECIPIENT
8019      - N..10                                               # SRIN
8020      - X..25                                               # REF No.
8026      - N14,csum N4                    ex=02,8006           # ITIP CONTENT
8030      - Z..90                                               # DIGSIG
8110      - X..70                                               # COUPON
8111      - N4                                                  # POINTS
8112      - X..70                                               # PAPERLESS COUPON
8200      - X..70                                               # PRODUCT URL
90        - X..30                                               # INTERNAL
91-99     - X..90                                               # INTERNAL
`;

function parseComponent(token: string): Gs1Component {
  const optional = token.startsWith('[');
  const inner = optional ? token.slice(1, token.indexOf(']')) : token;
  const [type = '', ...linters] = inner.split(',');
  const m = /^([NXYZ])(\.\.)?(\d+)$/.exec(type);
  if (!m) throw new Error(`gs1-ai-table: bad component ${token}`);
  const max = Number(m[3]);
  return {
    cset: m[1] as Gs1Cset,
    min: m[2] ? 1 : max,
    max,
    optional,
    linters: linters as Gs1Linter[],
  };
}

function expandAis(spec: string): string[] {
  const [from = '', to] = spec.split('-');
  if (to === undefined) return [from];
  const out: string[] = [];
  for (let n = Number(from); n <= Number(to); n++) out.push(String(n).padStart(from.length, '0'));
  return out;
}

function decimalsOf(ai: string): number | undefined {
  return /^3[1-6]\d\d$/.test(ai) || /^39[0-5]\d$/.test(ai) ? Number(ai[3]) : undefined;
}

function buildTable(): ReadonlyMap<string, Gs1AiDefinition> {
  const table = new Map<string, Gs1AiDefinition>();
  for (const line of TABLE.split('\n')) {
    if (line.trim() === '') continue;
    const hash = line.indexOf('#');
    const title = line.slice(hash + 1).trim();
    const [aiSpec = '', flag = '', ...rest] = line.slice(0, hash).trim().split(/\s+/);
    const components: Gs1Component[] = [];
    let excludes: string[] = [];
    let dlQualifiers: string[][] | undefined;
    for (const token of rest) {
      if (token.startsWith('ex=')) excludes = token.slice(3).split(',');
      else if (token.startsWith('dl=')) {
        const body = token.slice(3);
        dlQualifiers = body === '' ? [[]] : body.split('|').map((alt) => alt.split(','));
      } else components.push(parseComponent(token));
    }
    for (const ai of expandAis(aiSpec)) {
      const decimals = decimalsOf(ai);
      const def: Gs1AiDefinition = {
        ai,
        title,
        predefinedLength: flag === '*',
        components,
        minLength: components.filter((c) => !c.optional).reduce((sum, c) => sum + c.min, 0),
        maxLength: components.reduce((sum, c) => sum + c.max, 0),
        excludes,
        ...(decimals === undefined ? {} : { decimals }),
        ...(dlQualifiers ? { dlQualifiers } : {}),
      };
      table.set(ai, def);
    }
  }
  return table;
}

/** Every AI the parser knows, by AI. */
export const GS1_AI_TABLE: ReadonlyMap<string, Gs1AiDefinition> = buildTable();

/**
 * Short names ("convenience alphas") of GS1 Digital Link 1.0/1.1 URI paths, e.g. `/gtin/…/lot/…`. Version 1.2
 * of the standard dropped them for new URIs; they are still read, never written.
 */
export const DL_SHORT_NAMES: Readonly<Record<string, string>> = {
  sscc: '00',
  gtin: '01',
  lot: '10',
  ser: '21',
  cpv: '22',
  tpx: '235',
  gdti: '253',
  glnx: '254',
  gcn: '255',
  ginc: '401',
  gsin: '402',
  gln: '414',
  payTo: '415',
  party: '417',
  grai: '8003',
  giai: '8004',
  itip: '8006',
  cpid: '8010',
  cpsn: '8011',
  gmn: '8013',
  gsrnp: '8017',
  gsrn: '8018',
  srin: '8019',
  refno: '8020',
};

/** Whether `ai` matches an exclusion pattern such as `310n` or `31nn` (n = any digit). */
export function aiMatchesPattern(ai: string, pattern: string): boolean {
  if (ai.length !== pattern.length) return false;
  for (let i = 0; i < ai.length; i++) {
    if (pattern[i] !== 'n' && pattern[i] !== ai[i]) return false;
  }
  return true;
}

/** The definition of the AI that starts `data` at `start`, if any (GS1 AIs are prefix-free). */
export function lookupAiAt(data: string, start: number): Gs1AiDefinition | undefined {
  for (const len of [2, 3, 4]) {
    const candidate = data.slice(start, start + len);
    if (candidate.length < len || !/^\d+$/.test(candidate)) return undefined;
    const def = GS1_AI_TABLE.get(candidate);
    if (def) return def;
  }
  return undefined;
}
