# readme-commands.awk - the shell commands of README.md's section "A
# pipeline" (its subsections included), each followed by a line holding
# \001: indented lines whose first word is a program of the kit or jq,
# joined with the lines that continue them (after a trailing \ or |).
/^## / { on = /^## A pipeline/; cont = 0; next }
!on { next }
/^    / {
	line = substr($0, 5)
	if (cont) {
		cmd = cmd "\n" line
	} else if (line ~ /^(lead-[a-z]+|jq) /) {
		cmd = line
	} else {
		next
	}
	cont = line ~ /(\\|\|)[ \t]*$/
	if (!cont) {
		print cmd
		print "\001"
	}
	next
}
{ cont = 0 }
