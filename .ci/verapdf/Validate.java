// confpress CI: runs veraPDF's validation on PDF files and prints its text
// report. `Validate FLAVOUR FILE...` (FLAVOUR: 2b, ua1, or 0 for what each
// file claims). Exit 0 when every file conforms, 1 when one does not, 7 when
// one cannot be read.
import java.io.File;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.verapdf.features.FeatureFactory;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.metadata.fixer.FixerFactory;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.validation.validators.ValidatorFactory;
import org.verapdf.processor.BatchProcessor;
import org.verapdf.processor.FormatOption;
import org.verapdf.processor.ProcessorConfig;
import org.verapdf.processor.ProcessorFactory;
import org.verapdf.processor.TaskType;
import org.verapdf.processor.plugins.PluginsCollectionConfig;
import org.verapdf.processor.reports.BatchSummary;

public class Validate {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Validate 2b|ua1|0 FILE...");
            System.exit(2);
        }
        List<File> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) files.add(new File(args[i]));
        VeraGreenfieldFoundryProvider.initialise();
        PDFAFlavour flavour = PDFAFlavour.fromString(args[0]);
        ProcessorConfig config = ProcessorFactory.fromValues(
                ValidatorFactory.createConfig(flavour, false, -1, false),
                FeatureFactory.defaultConfig(), PluginsCollectionConfig.defaultConfig(),
                FixerFactory.defaultConfig(), EnumSet.of(TaskType.VALIDATE));
        BatchSummary summary;
        try (BatchProcessor processor = ProcessorFactory.fileBatchProcessor(config)) {
            summary = processor.process(files,
                    ProcessorFactory.getHandler(FormatOption.fromOption("text"), true, System.out, false));
        }
        System.out.flush();
        int unreadable = summary.getFailedParsingJobs() + summary.getFailedEncryptedJobs()
                + summary.getVeraExceptions() + summary.getOutOfMemory();
        if (unreadable > 0) System.exit(7);
        System.exit(summary.getValidationSummary().getNonCompliantPdfaCount() > 0 ? 1 : 0);
    }
}
