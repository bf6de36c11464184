package dev.descent.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The picocli model of one command, built in the order its help shows it: what the command does,
 * its options (in sections, each option with its value's label and what it does), its operands
 * and the closing paragraphs. {@link #spec()} gives picocli's {@link CommandSpec}, which parses the
 * arguments ({@link Arguments}), prints the help ({@code descent help COMMAND}, {@code --help}) and
 * feeds the bash completion ({@code descent completion}).
 *
 * <p>Every option is a {@code --name}; a value option takes one value ({@code --name VALUE} or
 * {@code --name=VALUE}; repeated, the last counts, and {@link Arguments#all} gives each), a flag
 * none. The values stay strings: each command checks its own and says what is wrong in one line.
 */
final class CommandModel {

    /** Help lines are broken at spaces to at most this many characters. */
    static final int WIDTH = 100;

    private final Command command;
    private final String name;
    private final String synopsis;
    private String description = "";
    private String footer = "";
    private final Map<String, List<OptionSpec>> sections = new LinkedHashMap<>();
    private String section = "";
    private PositionalParamSpec first; // the first operand, where it is completed on its own
    private PositionalParamSpec operands;

    private CommandModel(Command command, String name, String synopsis) {
        this.command = command;
        this.name = name;
        this.synopsis = synopsis;
        sections.put(section, new ArrayList<>());
    }

    /** The model of {@code command}: its name and synopsis, options to come. */
    static CommandModel of(Command command) {
        return new CommandModel(command, command.name(), command.synopsis());
    }

    /** A bare model that only parses: a command called {@code name} with these options and any operands. */
    static CommandModel parsing(String name, Iterable<String> valueOptions, Iterable<String> flagOptions) {
        CommandModel m = new CommandModel(null, name, name);
        valueOptions.forEach(o -> m.value(o, "VALUE", ""));
        flagOptions.forEach(o -> m.flag(o, ""));
        return m.operands("ARG", false);
    }

    /** The paragraphs after the usage line (blank lines between paragraphs). */
    CommandModel description(String paragraphs) {
        this.description = paragraphs;
        return this;
    }

    /** The paragraphs after the options. */
    CommandModel footer(String paragraphs) {
        this.footer = paragraphs;
        return this;
    }

    /** Starts a section of options under {@code heading} ({@code problem options:}). */
    CommandModel section(String heading) {
        this.section = heading;
        sections.putIfAbsent(heading, new ArrayList<>());
        return this;
    }

    /** {@code --name LABEL}: an option with a value. */
    CommandModel value(String option, String label, String help) {
        return add(OptionSpec.builder("--" + option).arity("1").type(String.class).paramLabel(label)
                .description(help));
    }

    /** {@code --name LABEL} whose value is one of {@code candidates} (offered by the completion). */
    CommandModel choice(String option, String label, Iterable<String> candidates, String help) {
        return add(OptionSpec.builder("--" + option).arity("1").type(String.class).paramLabel(label)
                .completionCandidates(candidates).description(help));
    }

    /** {@code --name FILE}: an option whose value is a file (completed as one). */
    CommandModel file(String option, String label, String help) {
        return add(OptionSpec.builder("--" + option).arity("1").type(File.class).paramLabel(label).description(help));
    }

    /** {@code --name}: an option without a value. */
    CommandModel flag(String option, String help) {
        return add(OptionSpec.builder("--" + option).arity("0").type(boolean.class).description(help));
    }

    /** The operands ({@code FILE...}); {@code files}: completed as file names. Without this, none are declared. */
    CommandModel operands(String label, boolean files) {
        operands = PositionalParamSpec.builder().index("0..*").arity("1").type(files ? File.class : String.class)
                .paramLabel(label).hidden(true).build();
        return this;
    }

    /**
     * The operands, the first completed from {@code candidates} ({@code help COMMAND}); any more are
     * still collected, for the command to report.
     */
    CommandModel operands(String label, Iterable<String> candidates) {
        first = PositionalParamSpec.builder().index("0").arity("1").type(String.class).paramLabel(label)
                .completionCandidates(candidates).build();
        operands = PositionalParamSpec.builder().index("1..*").arity("1").type(String.class).paramLabel("ARG")
                .hidden(true).build();
        return this;
    }

    private CommandModel add(OptionSpec.Builder option) {
        sections.get(section).add(option.build());
        return this;
    }

    /**
     * picocli's model: the options, {@code -h}/{@code --help}, the operands (undeclared ones are
     * still collected, so that the command reports them in its own words) and the help sections.
     */
    CommandSpec spec() {
        CommandSpec spec = command == null ? CommandSpec.create() : CommandSpec.wrapWithoutInspection(command);
        spec.name(name).interpolateVariables(false);
        spec.parser().expandAtFiles(false).overwrittenOptionsAllowed(true).posixClusteredShortOptionsAllowed(false);
        for (List<OptionSpec> options : sections.values()) {
            options.forEach(spec::addOption);
        }
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).arity("0").type(boolean.class)
                .description("this help").hidden(true).build());
        if (first != null) {
            spec.addPositional(first);
        }
        spec.addPositional(operands != null ? operands : PositionalParamSpec.builder().index("0..*").arity("1")
                .type(String.class).paramLabel("ARG").hidden(true).build());
        UsageMessageSpec usage = spec.usageMessage();
        Map<String, CommandLine.IHelpSectionRenderer> renderers = new LinkedHashMap<>();
        renderers.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> "usage: descent " + synopsis + "\n");
        renderers.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, help -> paragraphs(description));
        renderers.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> optionList());
        renderers.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> paragraphs(footer));
        usage.sectionKeys(List.copyOf(renderers.keySet()));
        usage.sectionMap(renderers);
        return spec;
    }

    /** The options, a section at a time: {@code --name LABEL  what it does}, the descriptions aligned. */
    private String optionList() {
        int column = 0;
        for (List<OptionSpec> options : sections.values()) {
            for (OptionSpec o : options) {
                column = Math.max(column, term(o).length() + 2);
            }
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<OptionSpec>> s : sections.entrySet()) {
            if (s.getValue().isEmpty()) {
                continue;
            }
            out.append('\n');
            if (!s.getKey().isEmpty()) {
                out.append(s.getKey()).append('\n');
            }
            for (OptionSpec o : s.getValue()) {
                String term = term(o);
                String line = term + " ".repeat(column - term.length()) + String.join(" ", o.description());
                for (String wrapped : wrap(line, column)) {
                    out.append(wrapped).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String term(OptionSpec o) {
        return o.longestName() + (o.arity().max() == 0 ? "" : " " + o.paramLabel());
    }

    /** {@code text} with a blank line before it, each line wrapped; nothing for no text. */
    private static String paragraphs(String text) {
        if (text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n");
        for (String line : text.split("\n", -1)) {
            for (String wrapped : wrap(line, 0)) {
                out.append(wrapped).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * {@code line} broken at spaces into lines of at most {@value #WIDTH} characters where possible;
     * continuation lines are indented by {@code indent} (an option's description column).
     */
    static List<String> wrap(String line, int indent) {
        List<String> out = new ArrayList<>();
        String pad = " ".repeat(indent);
        String rest = line.stripTrailing();
        while (rest.length() > WIDTH) {
            int cut = rest.lastIndexOf(' ', WIDTH);
            if (cut <= indent) {
                break;
            }
            out.add(rest.substring(0, cut));
            rest = pad + rest.substring(cut + 1).stripLeading();
        }
        out.add(rest);
        return out;
    }
}
