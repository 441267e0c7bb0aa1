{{%AUTOESCAPE context="HTML"}}
<section class="moderation">
<p class="breadcrumb"><a href="/community">Community</a></p>
<h1>Moderation</h1>
{{#DONE}}<p class="notice" role="status">{{TEXT}}</p>{{/DONE}}
<h2 id="reports-title">Open reports ({{COUNT}})</h2>
{{#NO_REPORTS}}<p>No open reports.</p>{{/NO_REPORTS}}
<ol class="report-list" aria-labelledby="reports-title">
{{#REPORT}}<li class="card report-row">
<h3><a href="/community/posts/{{POST_ID}}{{#ABOUT_COMMENT}}#comment-{{COMMENT_ID}}{{/ABOUT_COMMENT}}">{{TITLE}}</a></h3>
<p class="post-meta">{{#ABOUT_POST}}The post{{/ABOUT_POST}}{{#ABOUT_COMMENT}}A comment on it{{/ABOUT_COMMENT}} was reported <time>{{AGE}}</time>.</p>
<blockquote class="excerpt">{{EXCERPT}}</blockquote>
<p><strong>Reason given:</strong> {{REASON}}</p>
<form method="post" action="{{#ABOUT_POST}}/community/moderation/posts/{{POST_ID}}/hide{{/ABOUT_POST}}{{#ABOUT_COMMENT}}/community/moderation/comments/{{COMMENT_ID}}/hide{{/ABOUT_COMMENT}}" class="report-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="post_id" value="{{POST_ID}}">
<div class="field"><label for="hide-{{ID}}">Reason its author will read</label>
<input id="hide-{{ID}}" name="reason" type="text" maxlength="500" required></div>
<button type="submit" class="button">Hide it</button>
</form>
<form method="post" action="/community/moderation/reports/{{ID}}/dismiss">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button secondary">Dismiss the report</button>
</form>
</li>
{{/REPORT}}</ol>
</section>
