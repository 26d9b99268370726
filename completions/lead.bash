# bash completion for leadkit: lead-import, lead-scrub, lead-dedupe,
# lead-score, lead-qualify, lead-route, lead-feedback, lead-report, lead-tune
# (and the lead-* programs to come), and lead: lead VERB, lead run ... then VERB
#
# Source this file, or install it where bash-completion looks for it
# (one link per program name, e.g. .../completions/lead-import).

# Options every leadkit program takes (lib/io/cli.h CLI_LONGOPTS), and which of
# them take an argument.
_leadkit_common_opts='-H -d -h -i -o -t -V --as-of --delimiter --encoding
	--help --input-format --no-header --output-format --raw-cells --rejects
	--stats --tab --to --trim --version'
_leadkit_common_argopts='-d -i -o --as-of --delimiter --encoding
	--input-format --output-format --rejects --to'

# The canonical fields (lead(7)), for --require and the FIELD of --map.
_leadkit_fields='id source channel campaign created_at first_name last_name
	name email phone title company website domain country city postcode
	employees annual_revenue industry budget authority need timeline_days
	consent events'

# _leadkit_prog_opts PROG: print PROG's own options, then a line "--",
# then those of them that take an argument.
_leadkit_prog_opts()
{
	case $1 in
	lead-import)
		echo '-c -m -s --country --date-order --keep-ids --map --map-file --profile --require --show-mapping --source --source-system'
		echo '--'
		echo '-c -m -s --country --date-order --map --map-file --profile --require --source --source-system'
		;;
	lead-scrub)
		echo '-r --certificate --changes --channel --column --compile --country --date --for --kind --list --max-age --mode --name --rules --suppressed'
		echo '--'
		echo '-r --certificate --changes --channel --column --country --date --for --kind --list --max-age --mode --name --rules --suppressed'
		;;
	lead-dedupe)
		echo '-m --accounts --against --check --drop --dupes --mark --memory --merge --model --undo'
		echo '--'
		echo '-m --accounts --against --dupes --memory --model'
		;;
	lead-score)
		echo '-r --check --diff --explain --rules'
		echo '--'
		echo '-r --diff --rules'
		;;
	lead-qualify)
		echo '-r --check --rules --summary'
		echo '--'
		echo '-r --rules'
		;;
	lead-route)
		echo '-r --claim --escalations --for --gate --lead --ledger --limit --offer-hours --offers --overdue --reassign --roster --rules'
		echo '--'
		echo '-r --claim --escalations --for --gate --lead --ledger --limit --offer-hours --overdue --roster --rules'
		;;
	lead-feedback)
		echo '-m --check --date-order --export --ledger --map --map-file --nurture-days --profile --recycle --source-system'
		echo '--'
		echo '-m --date-order --ledger --map --map-file --nurture-days --profile --source-system'
		;;
	lead-report)
		echo '-g --group --ledger --merge --partial --period --report --roster --since --sla --until --where'
		echo '--'
		echo '-g --group --ledger --period --report --roster --since --sla --until --where'
		;;
	lead-tune)
		echo '--compare --exclude --holdout-by --label --max-rules --seed --segment'
		echo '--'
		echo '--compare --exclude --holdout-by --label --max-rules --seed --segment'
		;;
	esac
}

# _leadkit_share_file NAME: the path of a data file, found as the programs
# find it ($LEADKIT_SHARE, ../share/leadkit next to the program, the usual
# install directories); nothing when there is none.
_leadkit_share_file()
{
	local dir prog
	local -a dirs=()

	[[ -n ${LEADKIT_SHARE-} ]] && dirs+=("$LEADKIT_SHARE")
	prog=$(type -P lead-import 2>/dev/null)
	[[ -n $prog ]] && dirs+=("${prog%/*}/../share/leadkit")
	dirs+=(/usr/local/share/leadkit /usr/share/leadkit)
	for dir in "${dirs[@]}"; do
		if [[ -r $dir/$1 ]]; then
			printf '%s\n' "$dir/$1"
			return 0
		fi
	done
	return 1
}

# _leadkit_countries: the alpha-2 codes of countries.tsv.
_leadkit_countries()
{
	local file line
	file=$(_leadkit_share_file countries.tsv) || return 0
	while IFS= read -r line; do
		[[ $line == '#'* || -z $line ]] && continue
		printf '%s\n' "${line%%$'\t'*}"
	done <"$file"
}

# _leadkit_files CUR: file names.
_leadkit_files()
{
	if declare -F _filedir >/dev/null; then
		cur=$1 _filedir
	else
		compopt -o filenames 2>/dev/null
		local IFS=$'\n'
		# shellcheck disable=SC2207
		COMPREPLY+=($(compgen -f -- "$1"))
	fi
}

# _leadkit_rules CUR SUBDIR [EXT]: rules files (*.EXT, by default *.rules,
# and directories), and by name those in share/leadkit/SUBDIR/ (scoring/ for
# lead-score, definitions/ for lead-qualify, scrub/ for lead-scrub, match/
# with EXT match for lead-dedupe), where the program looks up a name without
# '/' that is not a file here.
_leadkit_rules()
{
	local dir f ext=${3:-rules}
	if declare -F _filedir >/dev/null; then
		cur=$1 _filedir "$ext"
	else
		compopt -o filenames 2>/dev/null
		local IFS=$'\n'
		# shellcheck disable=SC2207
		COMPREPLY+=($(compgen -d -- "$1") $(compgen -f -X "!*.$ext" -- "$1"))
	fi
	[[ $1 == */* ]] && return 0
	dir=$(_leadkit_share_file "$2") || return 0
	for f in "$dir"/*."$ext"; do
		[[ -f $f ]] || continue
		f=${f##*/}
		[[ $f == "$1"* && ! -e $f ]] && COMPREPLY+=("$f")
	done
	return 0
}

# _leadkit_fieldlist CUR: canonical field names after the last ',' or '|'
# of CUR, for --require a,b|c.
_leadkit_fieldlist()
{
	local prefix='' word=$1 f
	if [[ $word == *[,\|]* ]]; then
		prefix=${word%[,|]*}
		prefix=$prefix${word:${#prefix}:1}
		word=${word##*[,|]}
	fi
	for f in $_leadkit_fields; do
		[[ $f == "$word"* ]] && COMPREPLY+=("$prefix$f")
	done
	[[ ${#COMPREPLY[@]} -eq 1 ]] && compopt -o nospace 2>/dev/null
}

# _leadkit_list_names: the names of the lists given with --list so far, as
# lead-scrub names them: NAME of NAME=FILE, else the file name without
# directory and extension (an index keeps the name it was compiled with,
# which may differ).
_leadkit_list_names()
{
	local i w
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == --list=* ]]; then
			w=${w#--list=}
		elif [[ $w == --list ]]; then
			# "--list=FILE" split into --list, =, FILE
			[[ ${COMP_WORDS[i + 1]-} == = ]] && ((i++))
			w=${COMP_WORDS[i + 1]-}
			# "NAME=FILE" split into NAME, =, FILE
			[[ ${COMP_WORDS[i + 2]-} == = ]] && w=$w=
		else
			continue
		fi
		if [[ $w == *=* ]]; then
			w=${w%%=*}
		else
			w=${w##*/}
			[[ $w == ?*.* ]] && w=${w%.*}
		fi
		[[ -n $w ]] && printf '%s\n' "$w"
	done
}

# _leadkit_kvopt PROG OPT: OPT of PROG takes KEY=VALUE, which bash splits
# into KEY, = and VALUE (lead-import's -m SRC=FIELD, lead-scrub's --channel
# NAME=CHANNEL, --list NAME=FILE, --column NAME=COLUMN, --country NAME=CC).
_leadkit_kvopt()
{
	case $1:$2 in
	lead-import:-m | lead-import:--map) return 0 ;;
	lead-feedback:-m | lead-feedback:--map) return 0 ;;
	lead-scrub:--channel | lead-scrub:--list) return 0 ;;
	lead-scrub:--column | lead-scrub:--country) return 0 ;;
	esac
	return 1
}

# _leadkit_roster_ids: the ids of the CSV roster given with --roster on
# the command line (its id column), for lead-route --claim.
_leadkit_roster_ids()
{
	local i file='' line col=-1 n
	local -a cells

	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		if [[ ${COMP_WORDS[i]} == --roster ]]; then
			file=${COMP_WORDS[i + 1]-}
			[[ $file == = ]] && file=${COMP_WORDS[i + 2]-}
		fi
	done
	[[ -r $file ]] || return 0
	while IFS= read -r line; do
		IFS=, read -r -a cells <<<"$line"
		if ((col < 0)); then
			for ((n = 0; n < ${#cells[@]}; n++)); do
				[[ ${cells[n]} == id ]] && col=$n
			done
			((col < 0)) && return 0
			continue
		fi
		printf '%s\n' "${cells[col]-}"
	done <"$file"
}

# _leadkit_value OPT CUR [PROG]: complete the argument CUR of option OPT of
# program PROG.
_leadkit_value()
{
	local opt=$1 cur=$2 prog=${3-}
	# shellcheck disable=SC2207
	case $opt in
	-o | --output-format)
		if [[ $prog == lead-report ]]; then
			COMPREPLY=($(compgen -W 'text csv ndjson markdown html' \
			    -- "$cur"))
		elif [[ $prog == lead-route ]]; then
			COMPREPLY=($(compgen -W 'csv ndjson text' -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'csv ndjson' -- "$cur"))
		fi
		;;
	-i | --input-format)
		COMPREPLY=($(compgen -W 'csv ndjson' -- "$cur"))
		;;
	--to)
		COMPREPLY=($(compgen -W 'hubspot salesforce pipedrive zoho
		    mautic' -- "$cur"))
		;;
	--report)
		COMPREPLY=($(compgen -W 'funnel groups rate score dq speed sla
		    aging coverage fairness review' -- "$cur"))
		;;
	--period)
		COMPREPLY=($(compgen -W 'week month quarter' -- "$cur"))
		;;
	-g | --group)
		COMPREPLY=($(compgen -W "$_leadkit_fields status score grade
		    owner partner dq_category account customer" -- "$cur"))
		;;
	--encoding)
		COMPREPLY=($(compgen -W 'auto utf-8 windows-1252 cp1252
		    windows-1250 cp1250 iso-8859-1 latin1 iso-8859-2 latin2
		    iso-8859-15 latin9 macintosh cp850 cp437 utf-16 utf-16le
		    utf-16be' -- "$cur"))
		;;
	--mode)
		COMPREPLY=($(compgen -W 'mark drop' -- "$cur"))
		;;
	--date-order)
		COMPREPLY=($(compgen -W 'mdy dmy ymd' -- "$cur"))
		;;
	--for)
		if [[ $prog == lead-route ]]; then
			COMPREPLY=($(compgen -W "$(_leadkit_roster_ids)" -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'any phone email' -- "$cur"))
		fi
		;;
	--kind)
		COMPREPLY=($(compgen -W 'phone email domain id sha256 md5' \
		    -- "$cur"))
		;;
	-d | --delimiter)
		COMPREPLY=($(compgen -W ", tab '\;' '\|'" -- "$cur"))
		;;
	-c | --country)
		COMPREPLY=($(compgen -W "$(_leadkit_countries)" -- "${cur^^}"))
		;;
	--map-file | --rejects | --dupes | --against | --certificate | \
	    --suppressed | --changes | --roster | --ledger | --escalations)
		_leadkit_files "$cur"
		;;
	--claim)
		COMPREPLY=($(compgen -W "$(_leadkit_roster_ids)" -- "$cur"))
		;;
	--list)
		# [NAME=]FILE: files, after the '=' when there is one
		if [[ $cur == *=* ]]; then
			local name=${cur%%=*}=
			_leadkit_files "${cur#*=}"
			COMPREPLY=("${COMPREPLY[@]/#/$name}")
		else
			_leadkit_files "$cur"
		fi
		;;
	--channel)
		# NAME=CHANNEL: the names of the lists given, then the channels
		if [[ $cur == *=* ]]; then
			COMPREPLY=($(compgen -P "${cur%%=*}=" \
			    -W 'phone email all' -- "${cur#*=}"))
		else
			COMPREPLY=($(compgen -S = -W "$(_leadkit_list_names)" \
			    -- "$cur"))
			compopt -o nospace 2>/dev/null
		fi
		;;
	--require)
		_leadkit_fieldlist "$cur"
		;;
	--profile)
		# the export profiles installed, and none
		local d=${LEADKIT_SHARE:-/usr/local/share/leadkit}/profiles f names=none
		for f in "$d"/*.profile; do
			[[ -e $f ]] && f=${f##*/} && names+=" ${f%.profile}"
		done
		COMPREPLY=($(compgen -W "$names" -- "$cur"))
		;;
	-r | --rules | --diff | --compare)
		if [[ $prog == lead-qualify ]]; then
			_leadkit_rules "$cur" definitions
		elif [[ $prog == lead-scrub ]]; then
			_leadkit_rules "$cur" scrub
		elif [[ $prog == lead-route ]]; then
			_leadkit_rules "$cur" routing
		else
			_leadkit_rules "$cur" scoring
		fi
		;;
	--model)
		_leadkit_rules "$cur" match match
		;;
	-m | --map)
		# lead-dedupe: -m is --model
		if [[ $prog == lead-dedupe ]]; then
			_leadkit_rules "$cur" match match
			return 0
		fi
		# SRC=FIELD: fields once the '=' is typed (lead-feedback's
		# own: those of an outcome row)
		if [[ $cur == *=* ]]; then
			local src=${cur%%=*}= fields=$_leadkit_fields
			[[ $prog == lead-feedback ]] && fields='id source_id
			    source_system email status stage reason date amount'
			COMPREPLY=($(compgen -P "$src" -W "$fields" \
			    -- "${cur#*=}"))
		fi
		;;
	esac
	return 0
}

# _leadkit: the completion function of every leadkit program.
_leadkit()
{
	local prog=${COMP_WORDS[0]##*/} cword=$COMP_CWORD
	local cur=${COMP_WORDS[cword]} prev='' prevprev='' i
	local own own_arg sep opts argopts

	COMPREPLY=()
	((cword > 0)) && prev=${COMP_WORDS[cword - 1]}
	((cword > 1)) && prevprev=${COMP_WORDS[cword - 2]}
	{ read -r own; read -r sep; read -r own_arg; } < <(_leadkit_prog_opts "$prog")
	[[ $sep == -- ]] || own_arg=''
	opts="$_leadkit_common_opts $own"
	argopts=" ${_leadkit_common_argopts//[[:space:]]/ } $own_arg "

	# after "--" everything is a file
	for ((i = 1; i < cword; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			_leadkit_files "$cur"
			return 0
		fi
	done

	# "--opt=value": bash splits it into --opt, =, value (COMP_WORDBREAKS)
	if [[ $cur == = && $prev == --* ]]; then
		_leadkit_value "$prev" '' "$prog"
		return 0
	fi
	if [[ $prev == = && $prevprev == --* ]]; then
		_leadkit_value "$prevprev" "$cur" "$prog"
		return 0
	fi
	# lead-import's "-m Src=FIELD", lead-scrub's "--channel NAME=CHANNEL"
	# and "--list NAME=FILE" split the same way
	if [[ $cur == = ]] && _leadkit_kvopt "$prog" "$prevprev"; then
		_leadkit_value "$prevprev" "$prev=" "$prog"
		COMPREPLY=("${COMPREPLY[@]#"$prev="}")
		return 0
	fi
	if [[ $prev == = ]] && ((cword > 2)) &&
	    _leadkit_kvopt "$prog" "${COMP_WORDS[cword - 3]}"; then
		_leadkit_value "${COMP_WORDS[cword - 3]}" "$prevprev=$cur" "$prog"
		COMPREPLY=("${COMPREPLY[@]#"$prevprev="}")
		return 0
	fi
	# "--opt=value" as one word (no '=' in COMP_WORDBREAKS)
	if [[ $cur == --*=* ]]; then
		local opt=${cur%%=*}
		_leadkit_value "$opt" "${cur#*=}" "$prog"
		COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
		return 0
	fi
	if [[ $argopts == *" $prev "* ]]; then
		# a quoted value ('email|ph) is completed without its quote
		cur=${cur#[\'\"]}
		_leadkit_value "$prev" "$cur" "$prog"
		return 0
	fi
	if [[ $cur == -* ]]; then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return 0
	fi
	_leadkit_files "$cur"
	return 0
}

# The verbs of lead (lead --list-verbs): lead VERB is lead-VERB.
_leadkit_verbs='import scrub dedupe score qualify route feedback report tune'

# _leadkit_lead: the completion function of lead.  "lead VERB ..." and
# the stage being written in "lead run VERB ... then VERB ..." complete as
# lead-VERB does (_leadkit, on the words of the stage alone).
_leadkit_lead()
{
	local cword=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]} start=1 i run=''

	COMPREPLY=()
	if ((cword == 1)); then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$_leadkit_verbs run help -h --help -V
		    --version" -- "$cur"))
		return 0
	fi
	if [[ ${COMP_WORDS[1]} == help ]]; then
		# shellcheck disable=SC2207
		((cword == 2)) && COMPREPLY=($(compgen -W "$_leadkit_verbs run" -- "$cur"))
		return 0
	fi
	if [[ ${COMP_WORDS[1]} == run ]]; then
		run=1
		if [[ ${COMP_WORDS[2]} == -f || ${COMP_WORDS[2]} == --file ]]; then
			_leadkit_files "$cur"
			return 0
		fi
		start=2
		for ((i = 2; i < cword; i++)); do
			[[ ${COMP_WORDS[i]} == 'then' ]] && start=$((i + 1))
		done
		if ((cword == start)); then
			local more=''
			((start == 2)) && more='-f --file -h --help'
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W "$_leadkit_verbs $more" -- "$cur"))
			return 0
		fi
	fi
	[[ " $_leadkit_verbs " == *" ${COMP_WORDS[start]} "* ]] || return 0
	local -a COMP_WORDS=("lead-${COMP_WORDS[start]}"
	    "${COMP_WORDS[@]:start+1:cword-start}")
	local COMP_CWORD=$((cword - start))
	_leadkit
	# shellcheck disable=SC2207
	[[ -n $run && $cur != -* ]] && COMPREPLY+=($(compgen -W 'then' -- "$cur"))
	return 0
}

complete -F _leadkit lead-import lead-scrub lead-dedupe lead-score lead-qualify \
    lead-route lead-feedback lead-report lead-tune
complete -F _leadkit_lead lead
