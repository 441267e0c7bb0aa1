{{%AUTOESCAPE context="HTML"}}
<ul class="nav-list">
{{#ANONYMOUS}}
<li><a href="/signin">Sign in</a></li>
{{/ANONYMOUS}}
{{#SIGNED_IN}}
<li><a href="/dashboard">Dashboard</a></li>
<li>
<form method="post" action="/signout" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit">Sign out</button>
</form>
</li>
{{/SIGNED_IN}}
</ul>
