{{%AUTOESCAPE context="HTML"}}
<article class="study" aria-labelledby="study-title">
<header class="study-header">
<p class="breadcrumb"><a href="/research">Research</a></p>
<h1 id="study-title">{{TITLE}}</h1>
<p class="study-meta"><span class="date-in-journal">{{DATE_IN_JOURNAL}}</span>{{#HAS_TYPE}} <span class="badge">{{TYPE}}</span>{{/HAS_TYPE}}</p>
<p class="authors">{{AUTHORS_SHORT}}</p>
{{#ALL_AUTHORS}}<details class="all-authors"><summary>All {{COUNT}} authors</summary>
<p>{{#AUTHOR}}<span class="author">{{NAME}}</span>{{#AUTHOR_separator}}, {{/AUTHOR_separator}}{{/AUTHOR}}</p>
</details>{{/ALL_AUTHORS}}
<ul class="identifiers">
{{#HAS_PMID}}<li><a href="https://pubmed.ncbi.nlm.nih.gov/{{PMID}}/" rel="noopener noreferrer">PubMed {{PMID}}</a></li>{{/HAS_PMID}}
{{#HAS_DOI}}<li><a href="https://doi.org/{{DOI}}" rel="noopener noreferrer">DOI {{DOI}}</a></li>{{/HAS_DOI}}
{{#HAS_PMCID}}<li><a href="https://www.ncbi.nlm.nih.gov/pmc/articles/{{PMCID}}/" rel="noopener noreferrer">Full text {{PMCID}}</a></li>{{/HAS_PMCID}}
</ul>
</header>
<p class="notice">{{NOTICE}}</p>
{{#IMAGE}}<figure class="study-image"><img src="{{SRC}}" alt="{{ALT}}" loading="lazy"></figure>{{/IMAGE}}
<section class="card tldr-card" aria-labelledby="tldr-title">
<h2 id="tldr-title">TLDR</h2>
{{#HAS_TLDR}}<p class="tldr">{{TLDR}}</p>{{/HAS_TLDR}}
{{#NO_TLDR}}<p>No plain-language summary has been written for this study yet.</p>{{/NO_TLDR}}
{{#HAS_SUMMARY}}<h3>Summary</h3>
<p class="summary">{{SUMMARY}}</p>{{/HAS_SUMMARY}}
{{#HAS_ABSTRACT}}<details class="abstract"><summary>The authors' abstract</summary><p>{{ABSTRACT}}</p></details>{{/HAS_ABSTRACT}}
{{#HAS_TAGS}}<p class="tags"><span class="hint">Tags:</span> {{#TAG}}<a class="tag" href="{{HREF}}">{{LABEL}}</a> {{/TAG}}</p>{{/HAS_TAGS}}
</section>
<p class="discuss"><a class="button" href="/community/new?study={{ID}}">Discuss this study in the community</a></p>

<section class="card study-section" id="cited" aria-labelledby="cited-title">
<h2 id="cited-title">Research cited in this study <span class="count">({{REF_RESOLVED}} / {{REF_TOTAL}} results)</span></h2>
{{#NO_REFERENCES}}<p>The library has no reference list for this study.</p>{{/NO_REFERENCES}}
{{#HAS_REFERENCES}}<p class="hint">{{REF_RESOLVED}} of the {{REF_TOTAL}} works it cites are in Tricholog's library and link to their pages; the others are listed as the study names them.</p>{{/HAS_REFERENCES}}
<ol class="study-list">
{{! Names differ from the page's own (HAS_TLDR, HAS_PMID...): ctemplate looks sections up in parent dictionaries. }}
{{#REFERENCE}}<li>{{#IN_LIBRARY}}<a href="/research/{{ID}}">{{TITLE}}</a> <span class="date-in-journal">{{DATE_IN_JOURNAL}}</span>{{#REF_HAS_TLDR}}<br><span class="hint">{{REF_TLDR}}</span>{{/REF_HAS_TLDR}}{{/IN_LIBRARY}}{{#NOT_IN_LIBRARY}}<span class="not-in-library">{{TEXT}}</span>{{#REF_HAS_PMID}} <a href="https://pubmed.ncbi.nlm.nih.gov/{{REF_PMID}}/" rel="noopener noreferrer">PubMed {{REF_PMID}}</a>{{/REF_HAS_PMID}}{{#REF_HAS_DOI}} <a href="https://doi.org/{{REF_DOI}}" rel="noopener noreferrer">DOI</a>{{/REF_HAS_DOI}}{{/NOT_IN_LIBRARY}}</li>
{{/REFERENCE}}</ol>
</section>

{{#CITED_BY}}<section class="card study-section" id="cited-by" aria-labelledby="cited-by-title">
<h2 id="cited-by-title">Cited by <span class="count">({{COUNT}} in the library)</span></h2>
<ul class="study-list">
{{#ITEM}}<li><a href="/research/{{ID}}">{{TITLE}}</a> <span class="date-in-journal">{{DATE_IN_JOURNAL}}</span></li>
{{/ITEM}}</ul>
</section>{{/CITED_BY}}

<section class="card study-section" id="related-posts" aria-labelledby="related-posts-title">
{{#SIGNED_OUT}}<h2 id="related-posts-title">Related community posts</h2>
<p>Community posts are for members. <a href="/signin?next={{NEXT}}">Sign in</a> to read the posts about this study.</p>{{/SIGNED_OUT}}
{{#MEMBERS}}<h2 id="related-posts-title">Related community posts <span class="count">({{SHOWN}} / {{TOTAL}} results)</span></h2>
{{#NO_POSTS}}<p>No community post discusses this study or its topic yet.</p>{{/NO_POSTS}}
<ul class="post-list">
{{#POST}}<li class="post-row">
<h3 class="post-title"><a href="/community/posts/{{ID}}">{{TITLE}}</a></h3>
<p class="post-meta">in <span class="category category-{{CATEGORY}}">{{CATEGORY_LABEL}}</span> · <span class="upvotes">{{UPVOTES}} {{UPVOTE_WORD}}</span> · <time datetime="{{ISO}}" title="{{DATE}}">{{AGE}}</time> · {{AUTHOR}}{{#PHYSICIAN}} <span class="badge physician">Physician</span>{{/PHYSICIAN}}</p>
<p class="post-summary">{{SUMMARY}}</p>
<p class="reason">{{#LINKED}}<span class="badge linked">Links this study</span>{{/LINKED}}{{REASON}}</p>
</li>
{{/POST}}</ul>{{/MEMBERS}}
</section>

<section class="card study-section" id="related-research" aria-labelledby="related-research-title">
<h2 id="related-research-title">Related research <span class="count">({{RELATED_SHOWN}} / {{RELATED_TOTAL}} results)</span></h2>
{{#NO_RELATED}}<p>No other study in the library is close enough to this one to suggest.</p>{{/NO_RELATED}}
<ul class="study-list">
{{#RELATED}}<li><a href="/research/{{ID}}">{{TITLE}}</a> <span class="date-in-journal">{{DATE_IN_JOURNAL}}</span>{{#HAS_REASON}}<br><span class="reason">{{REASON}}</span>{{/HAS_REASON}}</li>
{{/RELATED}}</ul>
</section>

{{! Protocols and alerts that cite this study: app::ItemsCiting (app/evidence_links.h: protocol sources and core/alerts.h AlertStudyCatalogue, matched by PMID, DOI or PMCID). }}
<section class="card study-section" id="tracker-citing" aria-labelledby="tracker-citing-title">
<h2 id="tracker-citing-title">Protocols and alerts that cite this study</h2>
{{#NO_CITING}}<p>No treatment protocol or alert of Tricholog rests on this study.</p>{{/NO_CITING}}
<ul class="study-list">
{{#CITING}}<li><span class="badge">{{KIND}}</span> {{TITLE}}{{#HAS_NOTE}}<br><span class="hint">{{NOTE}}</span>{{/HAS_NOTE}}</li>
{{/CITING}}</ul>
</section>
</article>
