{{%AUTOESCAPE context="HTML"}}
<ul class="nav-list">
{{#ANONYMOUS}}
<li><a href="/research">Research</a></li>
<li><a href="/signin">Sign in</a></li>
<li><a href="/signup">Create account</a></li>
{{/ANONYMOUS}}
{{#SIGNED_IN}}
<li class="signed-in-as">Signed in as <strong>{{NAME}}</strong></li>
{{#NO_PATIENT}}<li><a href="/dashboard">Dashboard</a></li>{{/NO_PATIENT}}
{{#PATIENT}}{{#LINK}}<li><a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a></li>
{{/LINK}}{{/PATIENT}}
<li><a href="/research">Research</a></li>
<li><a href="/community">Community</a></li>
<li><a href="/account/password">Password</a></li>
<li>
<form method="post" action="/signout" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit">Sign out</button>
</form>
</li>
{{/SIGNED_IN}}
</ul>
