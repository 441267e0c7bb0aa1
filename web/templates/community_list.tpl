{{%AUTOESCAPE context="HTML"}}
<section class="community">
<h1>Community</h1>
<p class="notice">{{NOTICE}}</p>
<p class="community-actions"><a class="button" href="/community/new">Write a post</a> <a class="button secondary" href="/community?mine=1">My posts</a>{{#MODERATOR}} <a class="button secondary" href="/community/moderation">Moderation</a>{{/MODERATOR}}</p>
<nav class="chips" aria-label="Categories">
<ul>
{{#CHIP}}<li><a class="chip" href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a></li>
{{/CHIP}}</ul>
</nav>
<nav class="sort" aria-label="Sort posts">
<span class="hint">Sort:</span>
<ul>
{{#SORT}}<li><a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a></li>
{{/SORT}}</ul>
</nav>
<h2 class="result-count" id="posts-title">{{#MINE}}Your posts: {{/MINE}}{{TOTAL}} {{TOTAL_WORD}}</h2>
{{#NO_POSTS}}<p>No posts here yet. <a href="/community/new">Write the first one</a>.</p>{{/NO_POSTS}}
<ul class="post-list" aria-labelledby="posts-title">
{{#POST}}<li class="post-row card">
<h3 class="post-title"><a href="/community/posts/{{ID}}">{{TITLE}}</a></h3>
<p class="post-meta">in <span class="category category-{{CATEGORY}}">{{CATEGORY_LABEL}}</span> · <span class="upvotes">{{UPVOTES}} {{UPVOTE_WORD}}</span> · <span class="comments">{{COMMENTS}} {{COMMENT_WORD}}</span> · <time datetime="{{ISO}}" title="{{DATE}}">{{AGE}}</time> · {{AUTHOR}}{{#PHYSICIAN}} <span class="badge physician">Physician</span>{{/PHYSICIAN}}{{#HAS_PHOTOS}} · <span class="badge">Photos</span>{{/HAS_PHOTOS}}</p>
{{#HIDDEN}}<p class="hidden-note">Hidden by a moderator: {{REASON}}</p>{{/HIDDEN}}
<p class="post-summary">{{SUMMARY}}</p>
</li>
{{/POST}}</ul>
{{#PAGER}}<nav class="pager" aria-label="Post pages">{{#PREV}}<a class="button secondary" href="{{PREV_HREF}}" rel="prev">Previous</a>{{/PREV}} <span>{{PAGE_OF}}</span> {{#NEXT}}<a class="button secondary" href="{{NEXT_HREF}}" rel="next">Next</a>{{/NEXT}}</nav>{{/PAGER}}
</section>
