#!/usr/bin/env python3
"""Write data/evidence/relevance/judgments.json from the hand-written judgment lists below.

The lists ARE the judgments: for each query study the judge wrote which studies and posts are
highly relevant (2) and partly relevant (1), using a few named groups as shorthand; everything
not listed was judged not relevant (0). This script only expands the lists into the complete,
explicit file (0s included) in the format shared by the issue-20 helpers, and checks that every
post linking a query study is graded 2. Rubric: data/evidence/relevance/README.md.

Usage: /usr/bin/python3 tools/evidence/write_judgments.py   (then run check_relevance.py)
"""
import json, collections, pathlib
R=str(pathlib.Path(__file__).resolve().parents[2] / 'data' / 'evidence')+'/'
HOW_JUDGED = """Hand-judged by one judge (the ev-data helper of issue 20) before any related-research or related-posts ranking existed on this branch and without seeing any ranking output. For each of 37 query studies (a study page), every other starter study and every demo post was graded by reading its title, TLDR, summary and tags (studies) or title and body (posts) against this rubric. Studies: 2 = same treatment and same condition with the same kind of question (e.g. both report alopecia areata appearing under dupilumab; both report efficacy or safety of the same drug in alopecia areata; a later period, subgroup or pooled analysis of the same trial; a review or meta-analysis whose scope includes the query's drug in the query's condition; for a class-level query about JAK inhibitors in alopecia areata, any JAK inhibitor in alopecia areata; for an instrument query, a definition or revision of the same instrument). 1 = partly relevant: the same drug in another condition or with another question (dupilumab in eczema for a dupilumab-alopecia page; tofacitinib safety in rheumatoid arthritis for a tofacitinib-alopecia page; dupilumab-alopecia reports of the opposite direction, onset versus regrowth); the same condition with another drug of the same class; a guideline, consensus or broad treatment review of the query's condition when the query is about treating it; the alopecia areata - atopic dermatitis association for dupilumab-alopecia queries; the instrument a query trial uses as its main endpoint, or a trial using the query instrument. 0 = otherwise. Posts: 2 = the post is about the query's question (same drug, same condition, same kind of question) or links the query study; 1 = same drug with another question or condition, same condition with a drug of the same class, or the instrument the query uses; 0 = otherwise. Every deliberately off-topic post is 0 for every query. The judge wrote, for each query, the lists of studies and posts graded 2 and 1 (using named groups such as 'dupilumab-alopecia onset reports' as shorthand); every study and post not listed was judged 0, and all grades, 0 included, are written out. See data/evidence/relevance/README.md."""
csl=json.load(open(R+'starter-library.csl.json')); posts=json.load(open(R+'demo-posts.json'))['posts']
S={ # alias -> study id
'carnicle':'carnicle-2019-dupilumab-aa-reactivation','mitchell':'mitchell-2018-aa-after-dupilumab','chung':'chung-2019-aa-two-patients-dupilumab',
'smog':'smogorzewski-2019-au-remission-dupilumab','ushida':'ushida-2020-dupilumab-aa-trichotillomania','fang':'fang-2024-dupilumab-baricitinib-children',
'uchida':'uchida-2019-dupilumab-improved-aa','tonon':'tonon-2023-dupilumab-ad-aa-case-series','sontam':'sontam-2025-aa-dupilumab-database',
'gy':'guttman-yassky-2022-dupilumab-aa-phase2a','brave':'king-2022-brave-aa-baricitinib','allegro':'king-2023-allegro-ritlecitinib',
'hord':'hordinsky-2023-allegro-adolescents','tzio':'tziotzios-2025-allegro-lt-de-novo','patterns':'king-2025-allegro-response-patterns',
'thrive1':'king-2024-thrive-aa1-deuruxolitinib','thrive2':'thrive-aa2-deuruxolitinib','muha':'muhaidat-2020-ilt-concentrations-patchy-aa',
'ldom':'vano-galvan-2021-ldom-safety','olsen04':'olsen-2004-aa-assessment-guidelines-2','salt2':'olsen-2016-salt-ii',
'olsen18':'olsen-2018-objective-outcome-measures-aa','wyr':'wyrwich-2020-aa-iga','easi01':'hanifin-2001-easi-reliability',
'easi22':'hanifin-2022-easi-practical-guide','ppnrs':'yosipovitch-2019-pp-nrs','poem':'charman-2004-poem','dlqi':'hongbo-2005-dlqi-bands',
'solo':'simpson-2016-solo-dupilumab-ad','mohan':'mohan-2014-aa-vitiligo-atopic-dermatitis-meta','chronos':'blauvelt-2017-chronos-dupilumab-ad',
'kc':'kennedy-crispin-2016-tofacitinib-aa','xing':'xing-2014-aa-cytotoxic-t-cells-jak','yan':'yan-2022-jak-inhibitors-aa-meta-analysis',
'triy':'triyangkulsri-2018-jak-inhibitors-aa-review','beck':'beck-2022-dupilumab-ad-open-label-4-years','dillon':'dillon-2021-jak-inhibitors-aa-review',
'ctp543':'king-2022-ctp543-deuruxolitinib-phase2','withdraw':'king-2024-brave-aa1-withdrawal-retreatment',
'zhang':'zhang-2022-tofacitinib-systemic-corticosteroids-aa','gallo':'gallo-2020-massive-acute-alopecia-dupilumab',
'senna':'senna-2023-baricitinib-benefits-by-regrowth','ytt':'ytterberg-2022-oral-surveillance-tofacitinib','bad':'messenger-2012-bad-aa-guidelines',
'ace':'meah-2020-ace-consensus-treatments','akin':'akinlade-2019-conjunctivitis-dupilumab-trials','agni':'agnihotri-2019-dupilumab-conjunctivitis-guide',
'flan':'flanagan-2018-drug-induced-alopecia-dupilumab','bur':'bur-2023-dupilumab-regrowth-alopecia-totalis','craig':'craiglow-2017-tofacitinib-adolescents',
'egeb':'egeberg-2023-moderate-severe-aa-treatments-review','straz':'strazzulla-2018-aa-disease-characteristics',
'bandh':'bandhala-rajan-2020-triamcinolone-step-up-rct'}
Pp={'patches':'post-dupi-new-patches-after-four-months','regrew':'post-aa-regrew-on-dupilumab','both':'post-dupilumab-and-aa-both-directions',
'eyes':'post-red-eyes-on-dupixent','inj':'post-injection-site-lumps','labs':'post-baricitinib-labs-cholesterol','salt30':'post-salt-95-to-30-month-nine',
'stop':'post-scared-to-stop-baricitinib','brows':'post-eyebrows-back-first','litfulo':'post-son-started-litfulo','rit24':'post-ritlecitinib-week-24',
'fuzz':'post-white-fuzz-in-patch','dent':'post-kenalog-dent','whitebrows':'post-white-hairs-in-eyebrows','tofa':'post-tofacitinib-off-label',
'jaksafe':'post-jak-heart-cancer-worry','leq':'post-leqselvi-anyone','why':'post-why-eczema-and-alopecia-together','saltdef':'post-how-salt-is-scored',
'coping':'post-first-wig-coping','stubble':'post-stubble-in-patches-on-dupi','itch':'post-itch-scores-on-dupilumab','wait':'post-derm-said-wait-and-see'}
assert set(S.values())=={c['id'] for c in csl}, set(S.values())^{c['id'] for c in csl}
assert set(Pp.values())<= {p['id'] for p in posts}

# Shorthand sets the judge used while writing the lists (notation only; each query's list was read through).
ONSET='carnicle mitchell chung sontam gallo flan'
REGROW='smog ushida uchida tonon gy bur fang chung'
DAD='solo chronos beck akin agni'
JAK_AA='brave withdraw senna allegro hord tzio patterns thrive1 thrive2 ctp543 kc craig zhang'
SALTS='olsen04 salt2 wyr'
JAKPOSTS='labs salt30 stop brows litfulo rit24 tofa whitebrows jaksafe leq'
def minus(a,b): b=set(b.split()); return ' '.join(x for x in a.split() if x not in b)

J=collections.OrderedDict()
def q(alias, s2='', s1='', p2='', p1=''):
    J[alias]=(s2.split(), s1.split(), p2.split(), p1.split())

# dupilumab and alopecia areata: onset / worsening reports
onset_posts=dict(p2='patches both', p1='regrew why eyes inj itch stubble')
q('carnicle', s2=minus(ONSET,'carnicle'), s1=minus(REGROW,'chung')+' mohan '+DAD+' muha bandh', p2='patches both stubble', p1='regrew why eyes inj itch')
q('mitchell', s2=minus(ONSET,'mitchell'), s1=minus(REGROW,'chung')+' mohan '+DAD, **onset_posts)
q('gallo', s2=minus(ONSET,'gallo'), s1=minus(REGROW,'chung')+' mohan '+DAD, **onset_posts)
q('flan', s2=minus(ONSET,'flan'), s1=minus(REGROW,'chung')+' mohan '+DAD+' muha bandh', **onset_posts)
q('sontam', s2=minus(ONSET,'sontam'), s1=minus(REGROW,'chung')+' mohan '+DAD, **onset_posts)
q('chung', s2=minus(ONSET+' '+REGROW,'chung'), s1='mohan '+DAD+' kc craig zhang', p2='patches both regrew', p1='why eyes inj itch tofa whitebrows stubble')
# dupilumab and alopecia areata: regrowth reports and the phase 2a trial
regrow_posts=dict(p2='regrew both', p1='patches why eyes inj itch stubble')
for a in ('smog','uchida','tonon'):
    q(a, s2=minus(REGROW,a), s1=minus(ONSET,'chung')+' mohan '+DAD+' bad ace egeb', **regrow_posts)
q('gy', s2=minus(REGROW,'gy'), s1=minus(ONSET,'chung')+' mohan '+DAD+' bad ace egeb olsen04 salt2', p2='regrew both', p1='patches why eyes inj itch saltdef stubble')
# baricitinib
bari_s1=minus(JAK_AA,'brave withdraw senna')+' xing dillon fang '+SALTS+' bad ace'
q('brave', s2='withdraw senna egeb yan triy', s1=bari_s1, p2='labs salt30 stop brows', p1='litfulo rit24 tofa whitebrows jaksafe leq saltdef')
q('withdraw', s2='brave senna egeb yan triy', s1=bari_s1, p2='stop', p1='labs salt30 brows litfulo rit24 tofa whitebrows jaksafe leq saltdef')
q('senna', s2='brave withdraw egeb yan triy', s1=bari_s1, p2='brows', p1='labs salt30 stop litfulo rit24 tofa whitebrows jaksafe leq saltdef coping')
# ritlecitinib
ritle_s1=minus(JAK_AA,'allegro hord tzio patterns')+' xing triy dillon egeb '+SALTS+' bad ace'
ritle_p=dict(p2='litfulo rit24', p1='labs salt30 stop brows tofa whitebrows jaksafe leq saltdef')
q('allegro', s2='hord tzio patterns yan', s1=ritle_s1, **ritle_p)
q('hord', s2='allegro tzio patterns yan', s1=ritle_s1, **ritle_p)
q('tzio', s2='allegro hord patterns yan', s1=ritle_s1, **ritle_p)
# deuruxolitinib
deur_s1=minus(JAK_AA,'thrive1 thrive2 ctp543')+' xing yan triy dillon egeb '+SALTS+' bad ace'
deur_p=dict(p2='leq', p1='labs salt30 stop brows litfulo rit24 tofa whitebrows jaksafe saltdef')
q('thrive1', s2='thrive2 ctp543', s1=deur_s1, **deur_p)
q('ctp543', s2='thrive1 thrive2', s1=deur_s1, **deur_p)
# tofacitinib in alopecia areata
tofa_s1_base=minus(JAK_AA,'kc craig zhang')+' xing chung ytt dillon egeb '+SALTS+' bad ace'
tofa_p=dict(p2='tofa', p1='whitebrows jaksafe labs salt30 stop brows litfulo rit24 leq saltdef')
q('kc', s2='craig zhang yan triy', s1=tofa_s1_base, **tofa_p)
q('craig', s2='kc zhang yan triy', s1=tofa_s1_base, **tofa_p)
q('zhang', s2='kc craig yan triy', s1=tofa_s1_base, **tofa_p)
# class-level JAK evidence in alopecia areata
q('xing', s2='kc craig zhang triy yan dillon', s1=minus(JAK_AA,'kc craig zhang')+' egeb straz chung fang', p2='', p1='tofa whitebrows labs salt30 stop brows litfulo rit24 jaksafe leq')
classq=dict(s2=JAK_AA+' xing', p2='labs salt30 stop brows litfulo rit24 tofa jaksafe leq', p1='whitebrows saltdef')
q('yan', s2=classq['s2']+' triy dillon egeb', s1='fang chung ytt '+SALTS+' bad ace', p2=classq['p2'], p1=classq['p1'])
q('triy', s2=classq['s2']+' yan dillon egeb', s1='fang chung ytt '+SALTS+' bad ace', p2=classq['p2'], p1=classq['p1'])
q('egeb', s2=JAK_AA+' yan triy dillon bad ace', s1='xing fang chung ytt muha bandh smog ushida uchida tonon gy bur '+SALTS,
  p2='jaksafe labs salt30 stop brows litfulo rit24 tofa leq', p1='whitebrows saltdef dent fuzz wait regrew stubble')
# JAK safety in another disease
q('ytt', s2='', s1='kc craig zhang chung yan triy dillon egeb', p2='jaksafe', p1='labs tofa')
# dupilumab in atopic dermatitis
q('solo', s2='chronos beck akin', s1='agni ppnrs easi01 easi22 '+ONSET+' '+minus(REGROW,'chung'), p2='itch', p1='eyes inj patches regrew both stubble')
q('chronos', s2='solo beck akin', s1='agni ppnrs easi01 easi22 '+ONSET+' '+minus(REGROW,'chung'), p2='itch inj eyes', p1='patches regrew both stubble')
q('beck', s2='solo chronos akin', s1='agni ppnrs easi01 easi22 '+ONSET+' '+minus(REGROW,'chung'), p2='itch inj eyes', p1='patches regrew both stubble')
q('akin', s2='agni', s1='solo chronos beck '+ONSET+' '+minus(REGROW,'chung'), p2='eyes', p1='inj itch patches regrew both stubble')
# intralesional triamcinolone
q('muha', s2='bandh ace', s1='carnicle flan bad egeb', p2='dent fuzz stubble', p1='wait')
q('bandh', s2='muha ace', s1='carnicle flan bad egeb', p2='dent fuzz stubble', p1='wait')
# instruments
salt_trials=JAK_AA+' gy'
q('olsen04', s2='salt2 olsen18 wyr', s1=salt_trials, p2='saltdef', p1='salt30 rit24')
q('wyr', s2='olsen04 salt2 olsen18', s1=salt_trials, p2='saltdef', p1='salt30 rit24')
q('ppnrs', s2='', s1='easi01 easi22 poem dlqi solo chronos beck', p2='itch', p1='')
# association and guidance
q('mohan', s2='', s1=ONSET+' '+minus(REGROW,'chung'), p2='why', p1='patches regrew both')
q('bad', s2='ace egeb', s1='straz muha bandh yan triy dillon '+JAK_AA+' gy smog ushida uchida tonon bur fang chung ldom carnicle',
  p2='wait', p1='coping dent fuzz stubble patches regrew tofa labs salt30 stop brows litfulo rit24 leq jaksafe whitebrows')

out=collections.OrderedDict(format_version=1,
  how_judged=HOW_JUDGED, queries=[])
allposts=[p['id'] for p in posts]
for alias,(s2,s1,p2,p1) in J.items():
    qid=S[alias]
    g={}
    for lst,grade in ((s1,1),(s2,2)):
        for a in lst:
            sid=S[a]
            if sid==qid: continue
            assert g.get(sid,grade)==grade or grade==2, (alias,a)
            g[sid]=max(g.get(sid,0),grade)
    assert not (set(s2)&set(s1)-{alias}), (alias, set(s2)&set(s1))
    studies=collections.OrderedDict((c['id'], g.get(c['id'],0)) for c in csl if c['id']!=qid)
    pg={}
    assert not (set(p2)&set(p1)), (alias, set(p2)&set(p1))
    for lst,grade in ((p1,1),(p2,2)):
        for a in lst: pg[Pp[a]]=grade
    # a post that links the query study is judged 2
    for p in posts:
        if qid in p['studies']: 
            assert pg.get(p['id'])==2, (alias, p['id'], pg.get(p['id']))
    postsg=collections.OrderedDict((pid, pg.get(pid,0)) for pid in allposts)
    out['queries'].append(collections.OrderedDict(study=qid, studies=studies, posts=postsg))
json.dump(out, open(R+'relevance/judgments.json','w'), ensure_ascii=False, indent=1)
open(R+'relevance/judgments.json','a').write('\n')
from collections import Counter
cs=Counter(); cp=Counter()
for qq in out['queries']:
    cs.update(qq['studies'].values()); cp.update(qq['posts'].values())
print(len(out['queries']), 'queries', sum(cs.values()), 'study pairs', dict(cs), sum(cp.values()), 'post pairs', dict(cp))
