package dev.strata.core;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The packages of core form layers: no package uses, directly or through others, a package that uses it. */
@AnalyzeClasses(
        packages = "dev.strata.core",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class PackageCyclesTest {
    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.strata.core.(*)..")
            .should()
            .beFreeOfCycles()
            .because("core's packages are layers (docs/architecture.md, \"The validator\"): spec is the pipeline model"
                    + " and uses only error and secret; plan, quality, crypto, access and run build on it; validate"
                    + " reads and checks a pipeline file and may use all of them. To fix a cycle, move the type the"
                    + " lower package needs down into it (a name or syntax of the pipeline file belongs in spec), or"
                    + " move the code that needs the higher package up (a check that needs the planner, a rule kind"
                    + " or the key store belongs in validate)");
}
