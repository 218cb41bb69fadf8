package dev.ferry.bridge.service;

import dev.ferry.spi.FormField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smackx.xdata.AbstractSingleStringValueFormField;
import org.jivesoftware.smackx.xdata.BooleanFormField;
import org.jivesoftware.smackx.xdata.packet.DataForm;

/** A connector's neutral form fields as a XEP-0004 form, and a submitted form back as values. */
public final class DataForms {

    private static final String FORM_TYPE = "FORM_TYPE";

    private DataForms() {
    }

    public static DataForm form(String formType, String title, String instruction, List<FormField> fields) {
        DataForm.Builder form = DataForm.builder(DataForm.Type.form).setTitle(title).setFormType(formType)
                .addInstruction(instruction);
        for (FormField f : fields) {
            org.jivesoftware.smackx.xdata.FormField.Builder<?, ?> b = switch (f.kind()) {
                case PRIVATE -> org.jivesoftware.smackx.xdata.FormField.textPrivateBuilder(f.var());
                case BOOLEAN -> org.jivesoftware.smackx.xdata.FormField.booleanBuilder(f.var());
                default -> org.jivesoftware.smackx.xdata.FormField.textSingleBuilder(f.var());
            };
            b.setLabel(f.label()).setRequired(f.required());
            if (!f.description().isEmpty()) {
                b.setDescription(f.description());
            }
            if (f.value().isPresent()) {
                if (b instanceof BooleanFormField.Builder bool) {
                    bool.setValue(Boolean.parseBoolean(f.value().get()));
                } else {
                    ((AbstractSingleStringValueFormField.Builder<?, ?>) b).setValue(f.value().get());
                }
            }
            form.addField(b.build());
        }
        return form.build();
    }

    /** The submitted values by field name (a text-multi field's values joined by line breaks), {@code FORM_TYPE} left out. */
    public static Map<String, String> values(DataForm submitted) {
        Map<String, String> values = new LinkedHashMap<>();
        submitted.getFields().stream().filter(f -> !FORM_TYPE.equals(f.getFieldName()))
                .forEach(f -> values.put(f.getFieldName(), String.join("\n", f.getValuesAsString()))); // text-multi: one value per line
        return values;
    }
}
